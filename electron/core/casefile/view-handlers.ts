import type { Api } from '../../../shared/contract.js';
import type { Handlers } from '../../../shared/contract-kit.js';
import type { casefileCalls } from '../../../shared/contract/casefile-calls.js';

/** Every call but the casefile's own: what answers from the evidence (the cache, or an opened casefile). */
export type ViewHandlers = Handlers<Omit<Api, keyof typeof casefileCalls>>;
