import * as v from 'valibot';

/** Coveo's error envelope; the key names vary (see the reference), so all are optional. */
export interface CoveoErrorBody {
  errorCode?: string | undefined;
  code?: string | undefined;
  type?: string | undefined;
  message?: string | undefined;
  detail?: string | undefined;
  title?: string | undefined;
}
export const CoveoErrorBodySchema: v.GenericSchema<unknown, CoveoErrorBody> = v.looseObject({
  errorCode: v.optional(v.string()),
  code: v.optional(v.string()),
  type: v.optional(v.string()),
  message: v.optional(v.string()),
  detail: v.optional(v.string()),
  title: v.optional(v.string()),
});

/** `POST /files`, `stream/{id}/chunk`: where and how to upload one batch. */
export interface FileContainer {
  uploadUri: string;
  fileId: string;
  requiredHeaders: Record<string, string>;
}
const fileContainerEntries = {
  uploadUri: v.pipe(v.string(), v.url()),
  fileId: v.pipe(v.string(), v.minLength(1)),
  requiredHeaders: v.optional(v.record(v.string(), v.string()), {}),
};
export const FileContainerSchema: v.GenericSchema<unknown, FileContainer> =
  v.looseObject(fileContainerEntries);

/** `POST stream/open`: a file container plus the stream's id. */
export const StreamOpenSchema: v.GenericSchema<unknown, FileContainer & { streamId: string }> =
  v.looseObject({
    ...fileContainerEntries,
    streamId: v.pipe(v.string(), v.minLength(1)),
  });

/** Stream answers that may carry an `orderingId` (`stream/update`, `stream/merge`, ...). */
export const OrderingIdSchema: v.GenericSchema<
  unknown,
  { orderingId?: number | string | undefined } | null | undefined
> = v.nullish(v.looseObject({ orderingId: v.optional(v.union([v.number(), v.string()])) }));
