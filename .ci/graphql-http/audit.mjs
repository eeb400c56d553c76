// Runs the graphql-http audit (the GraphQL-over-HTTP specification's checks) against a
// running Baton at BATON_URL (default http://127.0.0.1:8080/graphql). Prints every result
// and exits 1 if a MUST fails. SHOULD and MAY results are printed as warnings only.
import { auditServer } from 'graphql-http';

const url = process.env.BATON_URL ?? 'http://127.0.0.1:8080/graphql';
const results = await auditServer({ url });
let failed = 0;
for (const result of results) {
  const mark = result.status === 'ok' ? 'ok  ' : result.status === 'warn' ? 'warn' : 'FAIL';
  console.log(`${mark} ${result.id} ${result.name}${result.status === 'ok' ? '' : `: ${result.reason}`}`);
  if (result.status === 'error') failed += 1;
}
const passed = results.filter((r) => r.status === 'ok').length;
console.log(`graphql-http audit: ${passed}/${results.length} passed, ${failed} MUST failed`);
process.exit(failed === 0 ? 0 : 1);
