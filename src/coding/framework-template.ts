/**
 * The team's framework for desistance and social co-operatives, as a ready codebook: offered when
 * a review is created, and on an empty codebook page. Plain data in the import file's shape, so it
 * goes through the same checks and insert as an imported codebook (see codebook-service.ts).
 *
 * Studies are coded on four axes: the Level a factor works at × its Direction (enables /
 * constrains), the Themes of the review, and the Jurisdiction a study is set in. Each group has one
 * calm colour; its codes share it, so a chip's colour says which axis it belongs to. Every code is
 * a-priori: the framework the review starts from (themes that emerge later are marked emergent).
 */
import type { CodebookFileCode } from './codebook-json.js';

const LEVEL = '#5b7db1';
const DIRECTION = '#3f8f7f';
const THEMES = '#b0793f';
const JURISDICTION = '#8a6aae';

const code = (name: string, colour: string, description = '', children: CodebookFileCode[] = []): CodebookFileCode => ({ name, description, colour, origin: 'a_priori', children });

export const FRAMEWORK_TEMPLATE: readonly CodebookFileCode[] = [
  code('Level', LEVEL, 'The level at which a factor works.', [
    code('Individual', LEVEL, 'The person: motivation, skills, sense of self.'),
    code('Relational', LEVEL, 'Ties with others: family, peers, co-workers, staff.'),
    code('Systemic', LEVEL, 'Institutions, the labour market, policy and the justice system.'),
  ]),
  code('Direction', DIRECTION, 'Whether a factor helps or hinders.', [
    code('Enables', DIRECTION, 'The factor supports desistance or integration.'),
    code('Constrains', DIRECTION, 'The factor hinders desistance or integration.'),
  ]),
  code('Themes', THEMES, 'The themes of the review.', [
    code('Employment and work identity', THEMES, 'Paid work, training, and being seen (and seeing oneself) as a worker.'),
    code('Co-operative structure and governance', THEMES, 'Ownership, membership, democratic decision-making and how the co-operative is run.'),
    code('Co-production and participation', THEMES, 'People with convictions shaping services and decisions as partners, not only as users.'),
    code('Desistance processes', THEMES, 'How people move away from offending.', [
      code('Identity change', THEMES, 'A new, non-offending sense of who one is.'),
      code('Hope', THEMES, 'Believing a different future is possible.'),
      code('Agency', THEMES, 'A sense of control over one’s own life and choices.'),
    ]),
    code('Social integration and social capital', THEMES, 'Relationships, networks, trust and belonging in the community.'),
    code('Stigma and criminal records', THEMES, 'Labelling, disclosing convictions, and barriers that records raise.'),
    code('Policy and commissioning', THEMES, 'Public policy, procurement, funding and commissioning that open or close doors.'),
  ]),
  code('Jurisdiction', JURISDICTION, 'Where the study was set.', [
    code('England and Wales', JURISDICTION),
    code('Scotland', JURISDICTION),
    code('Northern Ireland', JURISDICTION),
    code('Italy', JURISDICTION),
    code('Sweden', JURISDICTION),
    code('Other', JURISDICTION, 'Any other jurisdiction: say which in the study memo.'),
  ]),
];
