export * from '../delivery/content';
