import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PeoplePage } from '../../views/accounts/people-page.js';
import type { PersonForm } from '../../views/accounts/setup-page.js';
import { ForbiddenError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { createOnce } from '../http/create-once.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { creatingForm } from '../http/form-token.js';
import { pageContext, sendPage } from '../http/render.js';
import { requireAccount } from '../http/session-auth.js';
import { listAccounts } from './account-repository.js';
import { addPerson, hashedPerson, resetPassword, setDisabled } from './account-service.js';

async function requireInstanceOwner(request: FastifyRequest) {
  if (!request.account?.isOwner) throw new ForbiddenError('Only the owner of this Coreview manages people.');
}

/** The instance owner's page: add people with a temporary password, disable and enable them. */
export async function peopleRoutes(app: FastifyInstance) {
  app.addHook('onRequest', requireAccount);
  app.addHook('preHandler', requireInstanceOwner);

  app.get('/people', async (request, reply) => {
    const people = await listAccounts(app.db);
    return sendPage(reply, <PeoplePage ctx={pageContext(request, reply)} people={people} adding={creatingForm(request, '/people')} form={{ name: '', email: '' }} />);
  });

  app.post('/people', async (request, reply) => {
    const form = new FormInput(request.body);
    const person: PersonForm = {
      name: form.text('name', { label: 'Name', required: true, max: 120 }),
      email: form.email('email'),
    };
    const password = form.text('password', { label: 'Temporary password', required: true, max: 1000, trim: false });
    let errors: FieldErrors;
    try {
      form.assertValid();
      const newPerson = await hashedPerson({ ...person, password });
      await createOnce(request, (trx) => addPerson(trx, request.account, newPerson));
      setFlash(reply, `${person.name} can now sign in with ${person.email} and the temporary password.`);
      return reply.redirect('/people', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors = error.fields;
    }
    const people = await listAccounts(app.db);
    return sendPage(reply, <PeoplePage ctx={pageContext(request, reply)} people={people} adding={creatingForm(request, '/people')} form={person} errors={errors} />, 422);
  });

  const accountId = (request: FastifyRequest) => {
    const id = Number((request.params as { id: string }).id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new ValidationError({ id: 'That is not an account number.' });
    return id;
  };

  app.post('/people/:id/password', async (request, reply) => {
    const form = new FormInput(request.body);
    const password = form.text('temporary', { label: 'Temporary password', required: true, max: 1000, trim: false });
    try {
      form.assertValid();
      await resetPassword(app.db, request.account!, accountId(request), password);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const people = await listAccounts(app.db);
      const errors = { temporary: `No new temporary password was set: ${Object.values(error.fields).join(' ')}` };
      return sendPage(reply, <PeoplePage ctx={pageContext(request, reply)} people={people} adding={creatingForm(request, '/people')} form={{ name: '', email: '' }} errors={errors} />, 422);
    }
    setFlash(reply, 'Temporary password set; their sessions have ended. They choose their own password when they next sign in.');
    return reply.redirect('/people', 303);
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/people/:id/${action}`, async (request, reply) => {
      const id = accountId(request);
      await setDisabled(app.db, request.account, id, disabled);
      setFlash(reply, disabled ? 'Account disabled; its sessions have ended.' : 'Account enabled.');
      return reply.redirect('/people', 303);
    });
  }
}
