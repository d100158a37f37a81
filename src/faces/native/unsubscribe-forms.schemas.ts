import { Type, type Static } from '@sinclair/typebox';
import { FORM_LIMITS, type UnsubscribeForm, type UnsubscribeFormInput } from '../../core/suppression/unsubscribe-forms.js';
import { IsoTimestamp, definedOnly, inputObject, ref } from './common.schemas.js';

export const UnsubscribeFormSchema = Type.Object(
  {
    id: Type.Integer({ description: 'Give it as `unsubscribeFormId` when sending' }),
    name: Type.String(),
    title: Type.String({ description: 'Heading of the unsubscribe page' }),
    question: Type.String({ description: 'The question above the reasons' }),
    reasons: Type.Array(Type.String(), { description: 'Choices offered as radio buttons; the chosen one becomes the message’s unsubscribeReason' }),
    createdAt: IsoTimestamp,
  },
  { $id: 'UnsubscribeForm' },
);
export type UnsubscribeFormDto = Static<typeof UnsubscribeFormSchema>;

const formFields = {
  name: Type.String({ maxLength: FORM_LIMITS.name }),
  title: Type.String({ maxLength: FORM_LIMITS.title }),
  question: Type.String({ maxLength: FORM_LIMITS.question }),
  reasons: Type.Array(Type.String({ maxLength: FORM_LIMITS.reason }), { maxItems: FORM_LIMITS.reasons }),
};

export const UnsubscribeFormCreate = inputObject(formFields, ['name', 'title'], { title: 'UnsubscribeFormCreate' });
export const UnsubscribeFormUpdate = inputObject(formFields, [], { title: 'UnsubscribeFormUpdate' });
export type UnsubscribeFormUpdateBody = Static<typeof UnsubscribeFormUpdate>;

export const UnsubscribeFormList = Type.Object({ items: Type.Array(ref(UnsubscribeFormSchema)) }, { description: 'The unsubscribe forms' });

export const toUnsubscribeFormDto = (form: UnsubscribeForm): UnsubscribeFormDto => ({ ...form, reasons: [...form.reasons] });

export function toUnsubscribeFormInput(body: UnsubscribeFormUpdateBody): UnsubscribeFormInput {
  return definedOnly<UnsubscribeFormInput>({ name: body.name, title: body.title, question: body.question, reasons: body.reasons });
}
