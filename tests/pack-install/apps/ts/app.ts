// A TypeScript application under `tsc --strict`: the published declarations must type this.
import { type Evaluation, murmur3, type Snapshot } from '@flagstaff/evaluator';
import { validateFlag } from '@flagstaff/evaluator/validate';
import { type ClientOptions, createClient, type FlagstaffError, type ReadySource } from '@flagstaff/node';
import { FlagstaffProvider } from '@flagstaff/node/openfeature';

const options: ClientOptions = {
  url: process.env.FLAGSTAFF_URL ?? '',
  sdkKey: process.env.FLAGSTAFF_SDK_KEY ?? '',
  pollInterval: 30_000,
};
const flags = createClient(options);
flags.on('error', (error: FlagstaffError) => console.error(error.code));
const source: ReadySource = await flags.ready({ timeout: 10_000 });
const explain: Evaluation = flags.explain('pack_check', { key: 'u-42', country: 'FR' });
const bootstrap: Snapshot | undefined = undefined;
const validation = validateFlag({});
console.log(
  JSON.stringify({
    source,
    france: flags.isEnabled('pack_check', { key: 'u-42', country: 'FR' }),
    germany: flags.isEnabled('pack_check', { key: 'u-42', country: 'DE' }),
    explain,
    hash: murmur3('flagstaff'),
    bootstrap: bootstrap ?? null,
    validationRejects: !validation.ok,
    provider: typeof FlagstaffProvider === 'function',
  }),
);
await flags.close();
