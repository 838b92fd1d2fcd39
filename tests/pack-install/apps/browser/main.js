// A page's script, bundled by esbuild from the installed package the way an application's build would.
import { createClient } from '@flagstaff/browser';

const params = new URLSearchParams(location.search);
const flags = createClient({
  url: params.get('url'),
  clientKey: params.get('key'),
  context: { key: 'u-42', country: 'FR' },
  storage: null,
});
globalThis.packResult = flags.ready({ timeout: 10_000 }).then((source) => {
  const france = flags.isEnabled('pack_check');
  const explain = flags.explain('pack_check');
  flags.identify({ key: 'u-42', country: 'DE' });
  return { source, france, germany: flags.isEnabled('pack_check'), explain };
});
