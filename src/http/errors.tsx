import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorMessage, ErrorPage, type ErrorView } from '../../views/errors.js';
import { DISK_FULL_MESSAGE, isDiskFull } from '../disk-full.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain-errors.js';
import { isHtmx, retargetToAlerts } from './htmx.js';
import { pageContext, sendFragment, sendPage } from './render.js';
import { isUnreadableUpload } from './uploads.js';

const TITLES: Record<number, string> = {
  400: 'That request could not be used',
  403: 'Not allowed',
  404: 'Page not found',
  413: 'Too large',
  415: 'Unsupported content',
  429: 'Too many attempts',
  500: 'Something went wrong',
  507: 'The disk is full',
};

const CSRF_CODES = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);
const TOO_LARGE_CODES = new Set([
  'FST_ERR_CTP_BODY_TOO_LARGE',
  'FST_REQ_FILE_TOO_LARGE',
  'FST_FILES_LIMIT',
  'FST_FIELDS_LIMIT',
  'FST_PARTS_LIMIT',
]);

/** Maps any thrown error to a status and a message a person can act on; 5xx details stay in the log. */
function describe(error: FastifyError, request: FastifyRequest, app: FastifyInstance): ErrorView {
  if (error instanceof NotFoundError) return view(404, error.message);
  if (error instanceof ForbiddenError) return view(403, error.message);
  if (error instanceof ValidationError) return view(400, error.message);
  if (error.code && CSRF_CODES.has(error.code)) {
    return view(403, 'This form has expired or did not come from Coreview. Reload the page and try again.');
  }
  if (error.code === 'FST_FILES_LIMIT') {
    return view(413, `Too many files: at most ${app.config.uploadFilesLimit} in one upload. Upload the rest separately. Nothing was stored.`);
  }
  if (error.code && TOO_LARGE_CODES.has(error.code) || error.statusCode === 413) {
    const mb = Math.round(app.config.uploadLimitBytes / 1024 / 1024);
    return view(413, `The upload is larger than allowed (${mb} MB per file, ${app.config.uploadFilesLimit} files). Nothing was stored.`);
  }
  if (isDiskFull(error)) {
    request.log.error({ err: error }, 'disk full');
    return view(507, DISK_FULL_MESSAGE);
  }
  if (isUnreadableUpload(error, request)) {
    return view(400, 'The upload did not arrive whole (it was cut short, or was not sent as a file upload form), so nothing was stored. Choose the files again and resend them.');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return view(status, error.message);
  request.log.error({ err: error }, 'request failed');
  return { ...view(500, 'Coreview hit an unexpected error. Nothing was half-saved; try again, and tell your administrator if it persists.'), requestId: request.id };
}

function view(status: number, message: string): ErrorView {
  return { status, title: TITLES[status] ?? TITLES[400]!, message };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: ErrorView): FastifyReply {
  if (isHtmx(request)) {
    retargetToAlerts(reply);
    return sendFragment(reply, <ErrorMessage error={error} />, error.status);
  }
  return sendPage(reply, <ErrorPage ctx={pageContext(request, reply)} error={error} />, error.status);
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(request, reply, describe(error, request, app)));
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, view(404, 'There is nothing at this address. Check the link, or start again from the reviews list.')),
  );
}
