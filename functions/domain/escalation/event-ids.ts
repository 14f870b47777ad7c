export * from '../delivery/event-ids';
