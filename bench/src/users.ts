/**
 * The benchmark's user population: 10,000 users built once, deterministically (seeded PRNG), before
 * any timing. Each SDK turns them into its own context shape beforehand (see peers/*.ts).
 */

export const USER_COUNT = 10_000;

/** Scenario (c)'s targeting: country in these 5, email on this domain, plan "pro". */
export const TARGET_COUNTRIES = ['FR', 'DE', 'ES', 'IT', 'NL'];
export const OTHER_COUNTRIES = ['US', 'GB', 'BR', 'JP', 'IN', 'CA'];
export const TARGET_DOMAIN = '@acme-corp.example';
const OTHER_DOMAINS = ['@mail.example', '@inbox.example', '@other-corp.example'];
export const TARGET_PLAN = 'pro';
const OTHER_PLANS = ['free', 'team', 'enterprise'];

/** Each attribute matches with this probability, independently: about 51% of users match all three. */
const P_MATCH = 0.8;

export interface User {
  userId: string;
  country: string;
  email: string;
  plan: string;
  /** Whether the user satisfies scenario (c)'s three conditions (known from how it was built). */
  matchesTargeting: boolean;
}

/** mulberry32: small, fast, good enough to spread users; the same users on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

export function buildUsers(count = USER_COUNT, seed = 20_260_101): User[] {
  const random = prng(seed);
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const inCountry = random() < P_MATCH;
    const inDomain = random() < P_MATCH;
    const isPro = random() < P_MATCH;
    // A UUID-like id, as most applications have: 36 characters.
    const hex = () =>
      Math.floor(random() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0');
    const h = `${hex()}${hex()}${hex()}${hex()}`;
    const userId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    users.push({
      userId,
      country: pick(random, inCountry ? TARGET_COUNTRIES : OTHER_COUNTRIES),
      email: `user.${i}${pick(random, inDomain ? [TARGET_DOMAIN] : OTHER_DOMAINS)}`,
      plan: isPro ? TARGET_PLAN : pick(random, OTHER_PLANS),
      matchesTargeting: inCountry && inDomain && isPro,
    });
  }
  return users;
}

/**
 * Scenario (d)'s inputs: one 30-character ASCII key per user, shaped like a bucketing input
 * (`salt:gate:` + the start of the user id).
 */
export function buildHashKeys(users: readonly User[]): string[] {
  return users.map((u) => `s-b:gate:${u.userId}`.slice(0, 30));
}
