/** How a channel is declared: its zod input schema, with the result type carried as a phantom. */
import { z } from 'zod';

export interface ChannelSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the result type only. */
  output?: O;
}

export function channel<O>() {
  return <I extends z.ZodType>(input: I): ChannelSpec<I, O> => ({ input });
}

export const NoInput = z.object({}).strict();
