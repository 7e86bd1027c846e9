import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerCsrf } from './csrf.js';
import { registerNulGuard } from './nul-guard.js';
import { registerUploadHooks, uploadToTempFile } from './uploads.js';

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
    await registerCsrf(app);
    registerUploadHooks(app);
    registerNulGuard(app);
  },
  { name: 'security', dependencies: ['config'] },
);
