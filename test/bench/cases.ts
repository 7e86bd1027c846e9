import type { BenchCase } from './bench-case.js';
import { archiveCase } from './cases/archive.js';
import { dashboardCase } from './cases/dashboard.js';
import { dedupCase } from './cases/dedup.js';
import { dedupQualityCase } from './cases/dedup-quality.js';
import { importCase } from './cases/import.js';
import { loadCase } from './cases/load.js';
import { rankingQualityCase } from './cases/ranking-quality.js';
import { rankingSpeedCase } from './cases/ranking-speed.js';
import { screeningCase } from './cases/screening.js';
import { searchCase } from './cases/search.js';
import { synthesisPageCase } from './cases/synthesis-page.js';
import { startupCase } from './cases/startup.js';
import { synthesisCase } from './cases/synthesis.js';

/** Every case `npm run bench` knows, in the order a full run measures them. */
export const cases: readonly BenchCase[] = [startupCase, dashboardCase, searchCase, importCase, dedupCase, dedupQualityCase, screeningCase, loadCase, synthesisCase, synthesisPageCase, archiveCase, rankingSpeedCase, rankingQualityCase];
