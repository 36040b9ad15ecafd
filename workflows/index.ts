// The worker bundles this file: every workflow type Closer runs is exported here.
export { caseWorkflow } from './case/case.workflow';
export { familyWorkflow } from './family/family.workflow';
export { handoverWorkflow } from './handover/handover.workflow';
export { measureWorkflow } from './measure/measure.workflow';
export { childIntakeWorkflow } from './child-intake/child-intake.workflow';
export { digestWorkflow } from './digest/digest.workflow';
