import { emptyCohort, type SignalSource } from './signals-port.ts';

/** No SDK reports at all: every plan holds, saying so (until the metrics slice is wired in). */
export function createEmptySignals(): SignalSource {
  return {
    read: async () => ({
      cohorts: {
        treatment: emptyCohort(),
        control: emptyCohort(),
        excluded: emptyCohort(),
        targeted: emptyCohort(),
        other: emptyCohort(),
      },
      series: [],
      newestReport: undefined,
    }),
  };
}
