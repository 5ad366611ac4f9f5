// Worker-thread entry point. Worker threads do not inherit the TypeScript loader, so register
// tsx here and load the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./csv-reader-thread.ts');
