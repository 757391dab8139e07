#!/usr/bin/env node
import { reportFailure } from './failure.js';
import { expandParamPairs } from './params.js';
import { createProgram } from './program.js';

createProgram().parseAsync(expandParamPairs(process.argv)).catch(reportFailure);
