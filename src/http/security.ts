import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { cookieOptions } from './cookie-options.js';
import { registerUploadHooks, uploadToTempFile } from './uploads.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Security headers, cookies, body parsers and CSRF, in the order they depend on each other.
 *
 * The CSP allows scripts and styles from this origin only: no inline script, no eval. It leaves out
 * upgrade-insecure-requests and HSTS, which would break the plain-HTTP LAN installs Coreview is made for.
 */
export const security = fp(
  async (app: FastifyInstance) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameSrc: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
        },
      },
      strictTransportSecurity: false,
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'same-origin' },
    });
    await app.register(cookie, { secret: app.config.sessionSecret });
    await app.register(formbody, { bodyLimit: app.config.formBodyLimitBytes });
    await app.register(multipart, {
      // Fields land on request.body so the CSRF check below sees `_csrf` in multipart forms too;
      // files are streamed to disk and appear there as UploadedFile.
      attachFieldsToBody: 'keyValues',
      onFile: uploadToTempFile(app.config.dataDir),
      limits: {
        fileSize: app.config.uploadLimitBytes,
        files: app.config.uploadFilesLimit,
        fields: 100,
        fieldSize: app.config.formBodyLimitBytes,
      },
      throwFileSizeLimit: true,
    });
    await app.register(csrf, {
      cookieKey: 'cv_csrf',
      cookieOpts: { ...cookieOptions(app.config), signed: true },
      getToken: (request: FastifyRequest) => {
        const header = request.headers['x-csrf-token'];
        if (typeof header === 'string') return header;
        const body = request.body as Record<string, unknown> | undefined;
        return typeof body?._csrf === 'string' ? body._csrf : undefined;
      },
    });
    // One token per response: each generateCsrf() signs and sets the secret cookie again, and a
    // page asks for the token in several places (layout, forms, fragments).
    app.addHook('onRequest', (_request, reply, done) => {
      const generate = reply.generateCsrf.bind(reply);
      let token: string | undefined;
      reply.generateCsrf = (options) => (token ??= generate(options));
      done();
    });
    // Every unsafe request, whatever its content type, must carry the token. preHandler runs after
    // body parsing, so form fields (urlencoded and multipart) are available.
    app.addHook('preHandler', (request, reply, done) => {
      if (SAFE_METHODS.has(request.method)) return done();
      app.csrfProtection(request, reply, done);
    });
    registerUploadHooks(app);
    await app.register(rateLimit, { global: false });
  },
  { name: 'security', dependencies: ['config'] },
);
