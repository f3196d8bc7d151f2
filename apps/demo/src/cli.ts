import { HELP } from './help.js';

console.log(HELP);
