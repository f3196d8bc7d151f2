import { describePlan } from './plan.js';

console.log(describePlan());
