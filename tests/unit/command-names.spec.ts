// Each command is defined once, in the registry (workflows/command-registry.ts): its URL name and its
// update's name are written nowhere else in the code; routes, pages, OpenAPI and workflows read them.
import { COMMANDS } from '../../workflows/contract';
import { codeLinesMatching } from '../support/source-lines';

const ALLOWED = [/^workflows\/command-registry\.ts$/];

/** A command's URL name or update name written as a string (quoted, or as the end of a path in a template). */
function namesCommand(code: string): boolean {
  if (/^\s*(import\b|} from\b)/.test(code)) return false; // a module path, e.g. support/complete-task
  return Object.entries(COMMANDS).some(([updateName, c]) =>
    [c.name, updateName].some((name) => new RegExp(`['"\`/]${name}['"\`]`).test(code)),
  );
}

describe('command names', () => {
  it('are written only in the command registry', () => {
    expect(codeLinesMatching(namesCommand, ALLOWED)).toEqual([]);
  });

  it('are found by this test where they do not belong', () => {
    expect(namesCommand('const action = `/cases/${caseId}/commands/decide-approval`;')).toBe(true);
    expect(namesCommand("setHandler(defineUpdate('decideTriage'), apply);")).toBe(true);
    expect(namesCommand("if (command === 'close-case') return;")).toBe(true);
    expect(namesCommand("action: commandPath('cases', caseId, 'decideApproval'),")).toBe(true);
    expect(namesCommand("import { installCompleteTask } from '../../support/complete-task';")).toBe(false);
  });
});
