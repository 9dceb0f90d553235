// Worker threads start outside the parent's TypeScript loader (tsx, or jest's transform): register
// tsx here, then load the TypeScript worker.
require('tsx/cjs')
require('./worker.ts')
