/** The public surface of protocol/: the UCWA model, its decoders and readers. Pure; safe in the browser. */
export * from './resource.ts';
export * from './event.ts';
export * from './ucwa-error.ts';
export * from './decoded-body.ts';
export * from './exchange.ts';
export * from './data-uri.ts';
export * from './catalog.ts';
export * from './ucwa-enums.ts';
export * from './lint.ts';
export * from './guess-rel.ts';
export * from './put-sentinel.ts';
