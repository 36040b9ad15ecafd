// Every recorded history in tests/histories/ must replay against the current workflow code.
// A change that breaks one needs patched() (docs/operations/changing-workflows.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON, replayHistory } from '../../libs/temporal/replay';
import { HISTORIES_DIR } from '../support/histories';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('recorded histories', () => {
  it('are there to replay: the full case lifecycle and its measures', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'case-lifecycle.case.json',
        'case-lifecycle.measure-home-support.json',
        'case-lifecycle.measure-foster-care.json',
      ]),
    );
  });

  it.each(files)('%s replays deterministically against the current code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
    // Whole histories, from the start to the end of the workflow: not the last run of a continue-as-new.
    expect(history.events!.length).toBeGreaterThan(100);
    expect(history.events![0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? '').toBe('');
    expect(history.events![history.events!.length - 1].workflowExecutionCompletedEventAttributes).toBeTruthy();
    const result = await replayHistory(history, file.replace(/\.json$/, ''));
    expect(result).toMatchObject({ deterministic: true });
  });
});
