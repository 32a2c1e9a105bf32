import { allowOnly, arrayOf, optionalBoolean, optionalEnum, optionalHash, optionalString, prefixedKeys, requiredString, type Params } from '../http/params.ts';
import { invalidParam, missingParam } from '../http/stripe-error.ts';

/** The SDK's ReaderCollectInputsParams: "Maximum 5 inputs". */
const MAX_INPUTS = 5;
const INPUT_TYPES = ['email', 'numeric', 'phone', 'selection', 'signature', 'text'] as const;

/** A nested hash (or null), its fields under their full names so every refusal names the parameter as sent. */
function nested(params: Params, name: string): Params | null {
  const hash = optionalHash(params, name);
  return hash ? prefixedKeys(hash, name) : null;
}

/** One hash of a list, read as `nested` reads a hash. */
const entry = (value: unknown, name: string): Params => nested({ [name]: value }, name) ?? {};

function readChoice(choice: Params, name: string) {
  allowOnly(choice, ['id', 'style', 'text'].map((f) => `${name}[${f}]`));
  // Each field's maximum is the SDK's (Choice.id: 50 characters, text: 30).
  return {
    id: requiredString(choice, `${name}[id]`, 50),
    style: optionalEnum(choice, `${name}[style]`, ['primary', 'secondary'] as const) ?? null,
    text: requiredString(choice, `${name}[text]`, 30),
  };
}

function readInput(input: Params, name: string) {
  const at = (field: string) => `${name}[${field}]`;
  allowOnly(input, ['custom_text', 'required', 'selection', 'toggles', 'type'].map(at));
  const type = optionalEnum(input, at('type'), INPUT_TYPES);
  if (!type) throw missingParam(at('type'));
  const text = nested(input, at('custom_text'));
  if (!text) throw missingParam(at('custom_text'));
  const textField = (field: string) => `${at('custom_text')}[${field}]`;
  allowOnly(text, ['description', 'skip_button', 'submit_button', 'title'].map(textField));
  const title = requiredString(text, textField('title'));
  const selection = nested(input, at('selection'));
  if (type === 'selection' && !selection) throw missingParam(at('selection'));
  if (selection) allowOnly(selection, [`${at('selection')}[choices]`]);
  const choices = selection ? arrayOf(selection[`${at('selection')}[choices]`]) : null;
  if (selection && !choices?.length) throw missingParam(`${at('selection')}[choices]`);
  const toggles = input[at('toggles')] === undefined ? null : arrayOf(input[at('toggles')]);
  if (toggles === null && input[at('toggles')] !== undefined) throw invalidParam(at('toggles'), `Invalid array: ${at('toggles')}`);
  return {
    custom_text: {
      description: optionalString(text, textField('description')) ?? null,
      skip_button: optionalString(text, textField('skip_button'), 14) ?? null,
      submit_button: optionalString(text, textField('submit_button'), 30) ?? null,
      title,
    },
    required: optionalBoolean(input, at('required')) ?? null,
    ...(choices
      ? { selection: { choices: choices.map((c, j) => readChoice(entry(c, `${at('selection')}[choices][${j}]`), `${at('selection')}[choices][${j}]`)), id: null, text: null } }
      : {}),
    toggles:
      toggles?.map((value, j) => {
        const toggleName = `${at('toggles')}[${j}]`;
        const toggle = entry(value, toggleName);
        const field = (f: string) => `${toggleName}[${f}]`;
        allowOnly(toggle, ['default_value', 'description', 'title'].map(field));
        return {
          default_value: optionalEnum(toggle, field('default_value'), ['disabled', 'enabled'] as const) ?? null,
          description: optionalString(toggle, field('description'), 50) ?? null,
          title: optionalString(toggle, field('title'), 50) ?? null,
          value: null,
        };
      }) ?? null,
    type,
  };
}

/** The `inputs` of `collect_inputs`, validated as the SDK types them (limits included) and shaped as the action shows them. */
export function readInputs(params: Params) {
  const list = arrayOf(params.inputs);
  if (!list || list.length === 0) throw missingParam('inputs');
  if (list.length > MAX_INPUTS) throw invalidParam('inputs', `Invalid array: inputs must have at most ${MAX_INPUTS} elements`);
  return list.map((value, i) => readInput(entry(value, `inputs[${i}]`), `inputs[${i}]`));
}
