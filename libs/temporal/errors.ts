import { ServiceError } from '@temporalio/client';

// gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html).
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** True when the error means the Temporal server could not be reached (retry later, 503). */
export function isTemporalUnavailable(err: unknown): boolean {
  if (!(err instanceof ServiceError)) return false;
  const code = (err.cause as { code?: number } | undefined)?.code;
  return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED;
}
