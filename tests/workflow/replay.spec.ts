// Every recorded history in tests/histories/ must replay against the current workflow code.
// A change that breaks one needs patched() (docs/operations/changing-workflows.md).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON, replayHistory } from '../../libs/temporal/replay';
import { recordUrgencyAssessmentUpdate } from '../../workflows/contract';
import { openCase } from '../support/cases';
import { HISTORIES_DIR } from '../support/histories';
import { eventually, testEnv } from '../support/test-env';
import { testPolicy } from '../support/test-policy';
import { useWorkflowHarness } from '../support/workflow-harness';

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

describe('npm run replay -- <workflowId>', () => {
  const h = useWorkflowHarness('replay-cli');

  it('replays a live case against the current build and says it is deterministic', async () => {
    const { handle } = await openCase(h.client, h.taskQueue, testPolicy());
    await handle.executeUpdate(recordUrgencyAssessmentUpdate, {
      args: [{ actor: 'radgiver', childInDanger: false, acuteHelpNeeded: false }],
    });
    // The current run (the case may have continued as new) has made some decisions to check.
    const live = h.client.workflow.getHandle(handle.workflowId);
    await eventually(async () => ((await live.fetchHistory()).events ?? []).some((e) => e.workflowTaskCompletedEventAttributes), {
      what: 'the current run to have decided something',
    });
    const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'libs', 'temporal', 'replay-cli.js'), handle.workflowId], {
      env: { ...process.env, TEMPORAL_ADDRESS: testEnv().temporalAddress },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout).toMatch(new RegExp(`${handle.workflowId}: deterministic — \\d+ events replay against the current code`));
    expect(r.status).toBe(0);
  });
});
