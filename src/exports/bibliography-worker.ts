/**
 * Formats one bibliography off the server's main thread: citeproc is synchronous and takes seconds
 * for thousands of references. Loads only citation-js and the formatting code, not the database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { formatItems, type BibliographyTask } from './bibliography.js';

const task = workerData as BibliographyTask;
parentPort!.postMessage(await formatItems(task.items, task.style));
