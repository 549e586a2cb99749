// The trailers a reviewer gives from mlreview: named apart from the composer so the command line can
// list them without loading it.
export type TrailerKind = 'reviewed-by' | 'acked-by' | 'tested-by';
export const TRAILER_KINDS: readonly TrailerKind[] = ['reviewed-by', 'acked-by', 'tested-by'];
