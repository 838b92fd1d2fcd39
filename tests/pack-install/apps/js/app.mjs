// An ESM application, no TypeScript: what `import` of the published packages gives.
import { murmur3 } from '@flagstaff/evaluator';
import { createClient } from '@flagstaff/node';
import { createFileStore } from '@flagstaff/node/file-store';

const flags = createClient({
  url: process.env.FLAGSTAFF_URL,
  sdkKey: process.env.FLAGSTAFF_SDK_KEY,
  persist: createFileStore(process.env.FLAGSTAFF_STORE),
});
const source = await flags.ready({ timeout: 10_000 });
console.log(
  JSON.stringify({
    source,
    france: flags.isEnabled('pack_check', { key: 'u-42', country: 'FR' }),
    germany: flags.isEnabled('pack_check', { key: 'u-42', country: 'DE' }),
    explain: flags.explain('pack_check', { key: 'u-42', country: 'FR' }),
    hash: murmur3('flagstaff'),
  }),
);
await flags.close();
