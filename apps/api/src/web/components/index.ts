/** The parts the pages are built of (each page composes these; none rebuilds them). */
export * from './badge';
export * from './facts';
export * from './field';
export * from './form';
export * from './links';
export * from './live';
export * from './pager';
export * from './section';
export * from './table';
export * from './task-table';
