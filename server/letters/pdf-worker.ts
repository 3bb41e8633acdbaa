import { serveWorkerTasks } from '../worker-pool.js';
import { createPdfTypesetter, type PdfTask } from './pdf.js';

/** A PDF worker thread (see createPdfRenderer): parses the fonts once, then typesets. */
const { typeset, drawable } = createPdfTypesetter();
serveWorkerTasks<PdfTask, Buffer>(({ set, person }) => typeset(set, person), [...drawable]);
