/** The cold path of the four functions people wait on alone (bench/cold.ts): `tsx bench/felt.ts [rounds]`. */
import { coldPath, FELT } from './cold';

const rounds = Number(process.argv[2] ?? 4);
const results = await coldPath({ rounds, tracing: false, only: FELT, log: () => {} });
for (const f of results.functions) console.log(`${f.name}\t${f.ratio}`);
