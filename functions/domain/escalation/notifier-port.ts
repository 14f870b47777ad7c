export * from '../delivery/notifier-port';
