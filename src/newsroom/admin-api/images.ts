import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentLibraryImage, images, IdParams, ImageQuery, LibraryImage, Page, UpdateImage } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { findUnstorableText } from '../../platform/http/json-body.ts';
import { pictureChangeGuard } from '../audit/picture-changes.ts';
import { errorResponses } from '../../platform/http/responses.ts';
import { isLine, isText } from '../../platform/text.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../web/principal.ts';

const tags = ['Admin: images'];
const security = [{ bearerAuth: [] }];
const config = { access: 'api-token' } as const;

const TEXT_FIELDS = { alt: { max: 500, check: isText }, caption: { max: 1_000, check: isText }, credit: { max: 300, check: isLine } } as const;
const NUMBER_FIELDS = ['focalX', 'focalY'] as const;

/** Pure: the upload's form fields, checked as strictly as a JSON body would be. */
export function readImageFields(fields: Record<string, string>): images.ImageDetails {
  const details: images.ImageDetails = {};
  const problem = findUnstorableText(fields);
  if (problem) throw problem;
  for (const [name, value] of Object.entries(fields)) {
    if (name in TEXT_FIELDS) {
      const rule = TEXT_FIELDS[name as keyof typeof TEXT_FIELDS];
      if ([...value].length > rule.max) throw invalid(name, `${name} must be at most ${rule.max} characters.`);
      if (!rule.check(value)) throw invalid(name, `${name} must not contain control characters${name === 'credit' ? ' or line breaks' : ''}.`);
      details[name as keyof typeof TEXT_FIELDS] = value;
    } else if ((NUMBER_FIELDS as readonly string[]).includes(name)) {
      const number = Number(value);
      if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) throw invalid(name, `${name} must be a number from 0 to 1.`);
      details[name as (typeof NUMBER_FIELDS)[number]] = number;
    } else {
      throw invalid(name, `${name} is not a field this upload accepts (file, alt, caption, credit, focalX, focalY).`);
    }
  }
  return details;
}

/** An image upload's file and fields; the scope must have registered `uploadParser`. */
export async function readUpload(request: FastifyRequest): Promise<{ file: Buffer; details: images.ImageDetails }> {
  if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Upload images as multipart/form-data with the image in a field named "file".');
  const fields: Record<string, string> = {};
  let file: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') throw invalid(part.fieldname, 'Send the image in a field named "file".');
      file = await part.toBuffer();
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  if (!file || file.length === 0) throw invalid('file', 'file is required: attach the image in a field named "file".');
  return { file, details: readImageFields(fields) };
}

/** Multipart parsing for one upload of at most `maxBytes`, refused past that with a 413. */
export const uploadParser = (app: FastifyInstance, maxBytes: number) =>
  app.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 4_096, parts: 10, headerPairs: 50 },
    throwFileSizeLimit: true,
  });

export const adminImageRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { database, storage, urls, config: settings } = ctx;
  await uploadParser(app, settings.maxUploadBytes);

  app.post(
    '/images',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Upload an image (multipart/form-data: file, alt, caption, credit, focalX, focalY)',
        description:
          'The file is identified by its bytes, never by its name or declared type. JPEG, PNG, WebP, AVIF and GIF are accepted; SVG is refused. ' +
          'JPEG and WebP variants exist when this answers; AVIF variants follow from the job queue.',
        consumes: ['multipart/form-data'],
        response: { 201: LibraryImage, ...errorResponses('bad_request', 'unauthorized', 'payload_too_large', 'unsupported_media_type', 'invalid') },
      },
    },
    async (request, reply) => {
      const { file, details } = await readUpload(request);
      const image = await images.uploadImage(database, storage, file, details);
      return reply.status(201).send(presentLibraryImage(image, urls));
    },
  );

  app.get(
    '/images',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Search the media library (alt text, caption, credit)',
        querystring: ImageQuery,
        response: { 200: Page(LibraryImage), ...errorResponses('bad_request', 'unauthorized') },
      },
    },
    async (request) => {
      const result = await images.listImages(database.db, request.query);
      return { items: result.items.map((i) => presentLibraryImage(i, urls)), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/images/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Read an image',
        params: IdParams,
        response: { 200: LibraryImage, ...errorResponses('bad_request', 'unauthorized', 'not_found') },
      },
    },
    async (request) => presentLibraryImage(await images.getImage(database.db, request.params.id), urls),
  );

  app.patch(
    '/images/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Change alt text, caption, credit or focal point (audited when a live article shows the image)',
        params: IdParams,
        body: UpdateImage,
        response: { 200: LibraryImage, ...errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict', 'invalid') },
      },
    },
    async (request) => {
      const { version, ...details } = request.body;
      // A token publishes, so it may change what live articles show; such a change is audited.
      const guard = pictureChangeGuard(callerOf(request), null, ctx.now());
      return presentLibraryImage(await images.updateImage(ctx, request.params.id, version, details, guard), urls);
    },
  );

  app.delete(
    '/images/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Delete an image no article uses',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await images.deleteImage(ctx, storage, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
