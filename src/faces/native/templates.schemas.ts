import { Type, type Static } from '@sinclair/typebox';
import type { Template, TemplateInput } from '../../core/templates/templates.js';
import { IsoTimestamp, definedOnly, inputObject, nullable, ref } from './common.schemas.js';

export const TemplateSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Union([Type.Literal('liquid'), Type.Literal('emv')], { description: 'liquid: Herald template (Liquid); emv: SmartFocus notification ([EMV …] tags)' }),
    name: Type.String(),
    subject: Type.String(),
    from: Type.String({ description: 'Default sender; must be a verified sender when mail is sent' }),
    fromName: Type.String(),
    html: nullable(Type.String()),
    text: nullable(Type.String()),
    trackClicks: Type.Boolean(),
    random: nullable(Type.String({ description: 'emv only: the notification id the SmartFocus client sends as `random`' })),
    encrypt: nullable(Type.String({ description: 'emv only: the secret the SmartFocus client sends as `encrypt`' })),
    createdAt: IsoTimestamp,
    updatedAt: IsoTimestamp,
  },
  { $id: 'Template' },
);
export type TemplateDto = Static<typeof TemplateSchema>;

const templateFields = {
  kind: Type.Union([Type.Literal('liquid'), Type.Literal('emv')], { description: 'Fixed at creation' }),
  name: Type.String({ maxLength: 200 }),
  subject: Type.String({ maxLength: 998, description: 'Liquid (liquid) or [EMV DYN] tags (emv); required for emv' }),
  from: Type.String({ maxLength: 254, description: 'Required for emv (the Notification face has no other sender)' }),
  fromName: Type.String({ maxLength: 200 }),
  html: nullable(Type.String({ description: 'HTML part; for emv it may hold both parts split by [EMV TEXTPART] / [EMV HTMLPART]' })),
  text: nullable(Type.String({ description: 'Text part; derived from the HTML when absent' })),
  trackClicks: Type.Boolean({ default: true }),
};

export const TemplateCreate = inputObject(templateFields, ['kind', 'name'], { title: 'TemplateCreate' });
const { kind: _kind, ...updatable } = templateFields;
export const TemplateUpdate = inputObject(updatable, [], { title: 'TemplateUpdate' });
export type TemplateUpdateBody = Static<typeof TemplateUpdate>;

export const TemplateList = Type.Object({ items: Type.Array(ref(TemplateSchema)) }, { description: 'The templates' });

export const toTemplateDto = (t: Template): TemplateDto => t;

export function toTemplateInput(body: TemplateUpdateBody & { kind?: string }): TemplateInput {
  return definedOnly<TemplateInput>({
    kind: body.kind,
    name: body.name,
    subject: body.subject,
    from: body.from,
    fromName: body.fromName,
    html: body.html,
    text: body.text,
    trackClicks: body.trackClicks,
  });
}
