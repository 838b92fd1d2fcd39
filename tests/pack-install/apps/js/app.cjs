// A CommonJS application, no TypeScript: what `require()` of the published packages gives.
const { murmur3 } = require('@flagstaff/evaluator');
const { createClient, FlagstaffError } = require('@flagstaff/node');
const { createTestClient } = require('@flagstaff/node/testing');

async function main() {
  const flags = createClient({ url: process.env.FLAGSTAFF_URL, sdkKey: process.env.FLAGSTAFF_SDK_KEY });
  const source = await flags.ready({ timeout: 10_000 });
  const test = createTestClient({ pack_check: true });
  console.log(
    JSON.stringify({
      source,
      france: flags.isEnabled('pack_check', { key: 'u-42', country: 'FR' }),
      germany: flags.isEnabled('pack_check', { key: 'u-42', country: 'DE' }),
      explain: flags.explain('pack_check', { key: 'u-42', country: 'FR' }),
      hash: murmur3('flagstaff'),
      testClient: test.isEnabled('pack_check', { key: 'u-42' }),
      errorClass: typeof FlagstaffError === 'function',
    }),
  );
  await flags.close();
}
main();
