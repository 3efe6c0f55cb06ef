// Tandem's local Step Functions endpoint: every state machine the CDK app synthesized (one per pipeline),
// executed by aws-local-stepfunctions, behind the Step Functions JSON API the project's code calls
// through the real AWS SDK (StartExecution, DescribeExecution, GetExecutionHistory, ListExecutions,
// SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat, StopExecution, RedriveExecution).
//
// As Step Functions does, every status change of an execution (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED) is
// published to EventBridge ("Step Functions Execution Status Change", source aws.states), here to the local
// control plane, whose rules deliver it.
//
// RedriveExecution resumes a FAILED, TIMED_OUT or ABORTED execution from the top-level state it failed in, with the
// input that state received: the states before it are not run again. Inside a Map state only the iterations that did
// not succeed run again: a task of an iteration that succeeded answers its recorded result instead of being invoked
// (iterations are told apart by their input, which holds their item).
//
// Task states run through local handlers: Lambda tasks call the local Lambda Invoke endpoint; the
// sqs:sendMessage.waitForTaskToken state really sends its message to the local queue and waits for the
// agent's callback; the lambda:invoke.waitForTaskToken state invokes the function and waits for the
// reviewer's callback. HeartbeatSeconds and TimeoutSeconds are honoured.
//
// Configuration (environment): SFN_PORT, TEMPLATE (the synthesized CloudFormation template),
// LAMBDA_ENDPOINT, SQS_ENDPOINT, QUEUE_URLS (JSON: queue name -> local URL), REGION, ACCOUNT, EVENTS_ENDPOINT.
import { StateMachine } from 'aws-local-stepfunctions';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    console.error(`sfn-local: missing environment variable ${name}`);
    process.exit(2);
  }
  return v;
};
const PORT = Number(env('SFN_PORT'));
const LAMBDA = env('LAMBDA_ENDPOINT');
const SQS = env('SQS_ENDPOINT');
const QUEUE_URLS = JSON.parse(env('QUEUE_URLS'));
const REGION = env('REGION');
const ACCOUNT = env('ACCOUNT');
const EVENTS = env('EVENTS_ENDPOINT');

// --- the definitions, exactly as synthesized, with the substitutions CloudFormation would apply ---
const template = JSON.parse(readFileSync(env('TEMPLATE'), 'utf8'));
const resources = template.Resources;

// A substitution is a Ref to a function's alias (its ARN) or to a queue (its URL), as the CDK app writes them.
function substitute(smLogicalId, key, value) {
  const target = value?.Ref ? resources[value.Ref] : undefined;
  if (target?.Type === 'AWS::Lambda::Alias') {
    const fn = resources[target.Properties.FunctionName?.Ref];
    if (fn && typeof fn.Properties.FunctionName === 'string') {
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn.Properties.FunctionName}:${target.Properties.Name}`;
    }
  }
  if (target?.Type === 'AWS::SQS::Queue' && QUEUE_URLS[target.Properties.QueueName]) {
    return QUEUE_URLS[target.Properties.QueueName];
  }
  console.error(`sfn-local: ${smLogicalId}: no local value for substitution ${key} (${JSON.stringify(value)})`);
  process.exit(2);
}

const machines = new Map(); // state machine ARN -> { name, arn, definition, machine }
for (const [smLogicalId, sm] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')) {
  let definitionText = sm.Properties.DefinitionString;
  if (typeof definitionText !== 'string') {
    console.error(`sfn-local: ${smLogicalId} has no literal DefinitionString`);
    process.exit(2);
  }
  for (const [key, value] of Object.entries(sm.Properties.DefinitionSubstitutions ?? {})) {
    definitionText = definitionText.split('${' + key + '}').join(substitute(smLogicalId, key, value));
  }
  const definition = JSON.parse(definitionText);
  const name = sm.Properties.StateMachineName;
  const arn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
  machines.set(arn, { name, arn, definition, machine: new StateMachine(definition, { validationOptions: { checkPaths: true, checkArn: true } }) });
}
if (machines.size === 0) {
  console.error('sfn-local: the template has no state machine');
  process.exit(2);
}

// The state machine an ARN names: the machine itself, or one of its versions or aliases (name:qualifier).
function machineOf(arn) {
  if (!arn) return undefined;
  return machines.get(arn) ?? [...machines.values()].find((m) => arn.startsWith(m.arn + ':'));
}

// A local-only knob for tests and demos (operation TandemLocal.SetStateTimeouts): shorter TimeoutSeconds
// for named states in executions started afterwards, e.g. {"HumanReview": 3} to see a review time out
// without waiting 24 h. Empty (the default) runs the synthesized definitions unchanged.
let stateTimeouts = {};
// The machine to run: the synthesized one, or a copy with the timeouts above and, for a redrive, StartAt moved to the
// state the execution failed in.
function machineFor(m, startAt) {
  if (Object.keys(stateTimeouts).length === 0 && !startAt) return m.machine;
  const copy = JSON.parse(JSON.stringify(m.definition));
  for (const [state, seconds] of Object.entries(stateTimeouts)) {
    if (copy.States[state]) copy.States[state].TimeoutSeconds = seconds;
  }
  if (startAt) copy.StartAt = startAt;
  // The synthesized definition was validated as it is; moved to a later StartAt, its earlier states are unreachable,
  // which the validator would refuse.
  return new StateMachine(copy, { validationOptions: startAt ? { noValidate: true } : { checkPaths: true, checkArn: true } });
}

// --- history ---
// An event of the execution's history, as Step Functions records it (type, details, the event it follows); its id.
function record(execution, event) {
  execution.events.push({ at: new Date(), ...event });
  return execution.events.length;
}

// A Lambda task: LambdaFunctionScheduled, Started, then Succeeded or Failed, each following the one before.
async function invokeRecorded(execution, resource, payload) {
  const scheduled = record(execution, { type: 'LambdaFunctionScheduled', resource });
  const started = record(execution, { type: 'LambdaFunctionStarted', previous: scheduled });
  try {
    const output = await invoke(resource, payload, execution);
    record(execution, { type: 'LambdaFunctionSucceeded', previous: started });
    return output;
  } catch (e) {
    record(execution, { type: 'LambdaFunctionFailed', previous: started, error: e.name });
    throw e;
  }
}

// A service-integration task (.waitForTaskToken): TaskScheduled, TaskStarted, TaskSubmitted once the request went
// out, then TaskSucceeded, TaskFailed or TaskTimedOut when its token closes.
function taskRecorder(execution, resourceType, resource, parameters) {
  const scheduled = record(execution, { type: 'TaskScheduled', resourceType, resource, parameters: JSON.stringify(parameters) });
  const started = record(execution, { type: 'TaskStarted', previous: scheduled, resourceType, resource });
  let last = started;
  return {
    submitted() {
      last = record(execution, { type: 'TaskSubmitted', previous: started, resourceType, resource });
    },
    settle(promise) {
      return promise.then((output) => {
        record(execution, { type: 'TaskSucceeded', previous: last, resourceType, resource });
        return output;
      }, (e) => {
        const timedOut = e?.name === 'States.Timeout' || e?.name === 'States.HeartbeatTimeout';
        record(execution, { type: timedOut ? 'TaskTimedOut' : 'TaskFailed', previous: last, resourceType, resource, error: e?.name });
        throw e;
      });
    },
  };
}

// --- task handlers ---
class TaskError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

// Invokes a function; the execution's X-Ray trace continues in it (a traced state machine passes its trace to Lambda).
async function invoke(arnOrName, payload, execution) {
  const name = arnOrName.includes(':function:') ? arnOrName.split(':function:')[1].split(':')[0] : arnOrName;
  const res = await fetch(`${LAMBDA}/2015-03-31/functions/${name}/invocations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Amzn-Trace-Id': `Root=${execution.traceRoot};Sampled=1` },
    body: JSON.stringify(payload),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  if (res.status !== 200) {
    throw new TaskError('Lambda.ServiceException', `local Lambda endpoint answered ${res.status}: ${text}`);
  }
  if (res.headers.get('x-amz-function-error')) {
    throw new TaskError(body.errorType, JSON.stringify(body));
  }
  return body;
}

const tasks = new Map(); // token -> { resolve, reject, execution, state, heartbeatMs, timer }

function waitForToken(token, execution, state, heartbeatSeconds) {
  const { promise, resolve, reject } = Promise.withResolvers();
  const task = { resolve, reject, execution, state, heartbeatMs: heartbeatSeconds ? heartbeatSeconds * 1000 : 0, timer: null };
  const arm = () => {
    if (task.timer) clearTimeout(task.timer);
    if (task.heartbeatMs) {
      task.timer = setTimeout(() => close(token, new TaskError('States.HeartbeatTimeout', `no heartbeat for ${heartbeatSeconds} s`)),
        task.heartbeatMs);
    }
  };
  task.arm = arm;
  arm();
  tasks.set(token, task);
  // States.Timeout (TimeoutSeconds) is enforced by the engine around this promise.
  return promise.finally(() => {
    if (task.timer) clearTimeout(task.timer);
    tasks.delete(token);
  });
}

function close(token, error, output) {
  const task = tasks.get(token);
  if (!task) return false;
  tasks.delete(token);
  if (error) task.reject(error);
  else task.resolve(output);
  return true;
}

// A task inside a Map records each result by its input; after a redrive, an iteration that succeeded before answers
// its recorded result, so only the iterations that failed run again.
function remembered(name, execution, handler) {
  return async (input) => {
    const key = `${name}\u0000${JSON.stringify(input)}`;
    if (execution.redriveCount > 0 && execution.results.has(key)) return execution.results.get(key);
    const output = await handler(input);
    execution.results.set(key, output);
    return output;
  };
}

function handlersFor(states, execution, out = {}, inMap = false) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Map') {
      handlersFor((state.ItemProcessor ?? state.Iterator).States, execution, out, true);
    }
    if (state.Type !== 'Task') continue;
    if (state.Resource === 'arn:aws:states:::sqs:sendMessage.waitForTaskToken') {
      out[name] = async (input) => {
        const token = `${execution.name}:${name}:${randomUUID()}`;
        const body = { ...input.MessageBody, taskToken: token };
        const task = taskRecorder(execution, 'sqs', 'sendMessage.waitForTaskToken', input);
        const waiting = task.settle(waitForToken(token, execution, name, heartbeats[name] ?? state.HeartbeatSeconds));
        const res = await fetch(SQS, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AmazonSQS.SendMessage' },
          body: JSON.stringify({ QueueUrl: input.QueueUrl, MessageBody: JSON.stringify(body) }),
        });
        if (res.status !== 200) {
          close(token, new TaskError('SQS.ServiceException', `SendMessage answered ${res.status}: ${await res.text()}`));
        }
        task.submitted();
        return waiting;
      };
    } else if (state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
      out[name] = async (input) => {
        const token = `${execution.name}:${name}:${randomUUID()}`;
        const task = taskRecorder(execution, 'lambda', 'invoke.waitForTaskToken', input);
        const waiting = task.settle(waitForToken(token, execution, name, state.HeartbeatSeconds));
        try {
          await invoke(input.FunctionName, { ...input.Payload, taskToken: token }, execution);
        } catch (e) {
          close(token, e);
        }
        task.submitted();
        return waiting;
      };
    } else if (inMap) {
      out[name] = remembered(name, execution, (input) => invokeRecorded(execution, state.Resource, input));
    } else {
      out[name] = (input) => invokeRecorded(execution, state.Resource, input);
    }
  }
  return out;
}

// --- executions ---
const executions = new Map(); // arn -> execution

// The execution's trace: the caller's (StartExecution's traceHeader) or a new one, as X-Ray ids are written.
function traceRootOf(traceHeader) {
  const root = /(?:^|;)\s*Root=([^;]+)/.exec(traceHeader ?? '')?.[1];
  if (root) return root;
  const hex = (n) => randomUUID().replaceAll('-', '').slice(0, n);
  return `1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(24)}`;
}

function startExecution(req) {
  const m = machineOf(req.stateMachineArn);
  if (!m) {
    return [400, { __type: 'StateMachineDoesNotExist', message: `State Machine Does Not Exist: '${req.stateMachineArn}'` }];
  }
  const name = req.name ?? randomUUID();
  const arn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${m.name}:${name}`;
  const existing = executions.get(arn);
  if (existing) {
    if (existing.inputText === (req.input ?? '{}')) {
      return [200, { executionArn: arn, startDate: existing.startDate.getTime() / 1000 }];
    }
    return [400, { __type: 'ExecutionAlreadyExists', message: `Execution Already Exists: '${arn}'` }];
  }
  const machine = machineFor(m);
  const execution = { arn, name, machine: m, inputText: req.input ?? '{}', startDate: new Date(), events: [], redriveCount: 0,
    results: new Map(), redriveTokens: [], traceRoot: traceRootOf(req.traceHeader) };
  executions.set(arn, execution);
  record(execution, { type: 'ExecutionStarted' });
  launch(execution, JSON.parse(execution.inputText), machine);
  return [200, { executionArn: arn, startDate: execution.startDate.getTime() / 1000 }];
}

// Runs the execution on the machine (from StartAt, or for a redrive from the state it failed in).
function launch(execution, input, machine) {
  const m = execution.machine;
  execution.status = 'RUNNING';
  const context = {
    Execution: { Id: execution.arn, Input: input, Name: execution.name, StartTime: execution.startDate.toISOString(),
      RedriveCount: execution.redriveCount },
    StateMachine: { Id: m.arn, Name: m.name },
    State: { RetryCount: 0 },
    Task: { Token: 'issued-by-the-task-handler' },
  };
  const run = machine.run(input, { overrides: { taskResourceLocalHandlers: handlersFor(m.definition.States, execution) }, context });
  execution.abort = run.abort;
  publishStatus(execution);
  run.result.then((output) => {
    execution.status = 'SUCCEEDED';
    execution.output = JSON.stringify(output);
  }).catch((e) => {
    execution.status = e?.name === 'ExecutionAbortedError' ? 'ABORTED' : e?.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
    const cause = e?.cause ?? e;
    execution.error = execution.error ?? cause?.name ?? 'States.Runtime';
    execution.cause = execution.cause ?? cause?.message ?? String(e);
  }).finally(() => {
    execution.stopDate = new Date();
    const ended = { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', ABORTED: 'ExecutionAborted', TIMED_OUT: 'ExecutionTimedOut' };
    record(execution, { type: ended[execution.status], error: execution.error });
    console.log(JSON.stringify({ msg: 'execution ended', stateMachine: m.name, name: execution.name, status: execution.status,
      error: execution.error, redriveCount: execution.redriveCount }));
    publishStatus(execution);
  });
  (async () => {
    for await (const event of run.eventLogs) {
      // State events take Step Functions' names (TaskStateEntered, MapStateExited, ...); Map iterations keep theirs.
      if (event.type === 'StateEntered' || event.type === 'StateExited') {
        record(execution, { type: `${event.state.type}${event.type}`, state: event.state.name, at: new Date(event.timestamp ?? Date.now()) });
      } else if (event.type.startsWith('MapIteration')) {
        record(execution, { type: event.type, at: new Date(event.timestamp ?? Date.now()) });
      }
      // The top-level state the execution is in, and its input: where a redrive resumes.
      if (event.type === 'StateEntered' && event.index === undefined) {
        execution.current = { name: event.state.name, input: event.state.input };
      }
    }
  })().catch(() => {});
}

function redriveStatus(e) {
  return ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(e.status) && e.current ? 'REDRIVABLE' : 'NOT_REDRIVABLE';
}

// Step Functions' "Execution Status Change" event, published to the local EventBridge.
function publishStatus(e) {
  const detail = {
    executionArn: e.arn, stateMachineArn: e.machine.arn, name: e.name, status: e.status,
    startDate: e.startDate.getTime(), stopDate: e.status === 'RUNNING' ? null : (e.stopDate ?? new Date()).getTime(),
    input: e.inputText, inputDetails: { included: true },
    output: e.status === 'SUCCEEDED' ? e.output : null, outputDetails: e.status === 'SUCCEEDED' ? { included: true } : null,
    error: e.status === 'RUNNING' ? null : e.error ?? null, cause: e.status === 'RUNNING' ? null : e.cause ?? null,
    redriveCount: e.redriveCount, redriveDate: e.redriveDate ? e.redriveDate.getTime() : null, redriveStatus: redriveStatus(e),
  };
  fetch(EVENTS, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSEvents.PutEvents' },
    body: JSON.stringify({ Entries: [{ Source: 'aws.states', DetailType: 'Step Functions Execution Status Change', Resources: [e.arn],
      Detail: JSON.stringify(detail) }] }),
  }).then((res) => {
    if (res.status !== 200) console.error(`sfn-local: publishing ${e.name} ${e.status} answered ${res.status}`);
  }).catch((err) => console.error(`sfn-local: publishing ${e.name} ${e.status} failed: ${err}`));
}

function describe(e) {
  return {
    executionArn: e.arn, stateMachineArn: e.machine.arn, name: e.name, status: e.status, startDate: e.startDate.getTime() / 1000,
    ...(e.stopDate && e.status !== 'RUNNING' ? { stopDate: e.stopDate.getTime() / 1000 } : {}),
    redriveCount: e.redriveCount, redriveStatus: redriveStatus(e), ...(e.redriveDate ? { redriveDate: e.redriveDate.getTime() / 1000 } : {}),
    input: e.inputText, ...(e.output ? { output: e.output } : {}),
    ...(e.error ? { error: e.error, cause: e.cause } : {}),
  };
}

const operations = {
  StartExecution: startExecution,
  DescribeExecution: (req) => {
    const e = executions.get(req.executionArn);
    return e ? [200, describe(e)] : [400, { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${req.executionArn}'` }];
  },
  GetExecutionHistory: (req) => {
    const e = executions.get(req.executionArn);
    if (!e) return [400, { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${req.executionArn}'` }];
    // As in Step Functions: entered and exited events name their state; a submitted task names its resource.
    const details = (ev) => {
      if (ev.type.endsWith('StateEntered')) return { stateEnteredEventDetails: { name: ev.state } };
      if (ev.type.endsWith('StateExited')) return { stateExitedEventDetails: { name: ev.state } };
      if (ev.type === 'LambdaFunctionScheduled') return { lambdaFunctionScheduledEventDetails: { resource: ev.resource } };
      if (ev.type === 'LambdaFunctionFailed') return { lambdaFunctionFailedEventDetails: { error: ev.error } };
      const task = { TaskScheduled: 'taskScheduledEventDetails', TaskStarted: 'taskStartedEventDetails', TaskSubmitted: 'taskSubmittedEventDetails',
        TaskSucceeded: 'taskSucceededEventDetails', TaskFailed: 'taskFailedEventDetails', TaskTimedOut: 'taskTimedOutEventDetails' }[ev.type];
      if (task) {
        return { [task]: { resourceType: ev.resourceType, resource: ev.resource, ...(ev.error ? { error: ev.error } : {}),
          ...(ev.parameters && req.includeExecutionData !== false ? { parameters: ev.parameters } : {}) } };
      }
      if (ev.type === 'ExecutionFailed') return { executionFailedEventDetails: { error: ev.error } };
      return {};
    };
    let events = e.events.map((ev, i) => ({ id: i + 1, ...(ev.previous ? { previousEventId: ev.previous } : {}), type: ev.type,
      timestamp: ev.at.getTime() / 1000, ...details(ev) }));
    if (req.reverseOrder) events = events.reverse();
    const from = req.nextToken ? Number(req.nextToken) : 0;
    const size = req.maxResults || 100;
    const page = events.slice(from, from + size);
    return [200, { events: page, ...(from + size < events.length ? { nextToken: String(from + size) } : {}) }];
  },
  ListExecutions: (req) => [200, { executions: [...executions.values()]
    .filter((e) => !req.stateMachineArn || machineOf(req.stateMachineArn) === e.machine)
    .filter((e) => !req.statusFilter || e.status === req.statusFilter)
    .map((e) => ({ executionArn: e.arn, stateMachineArn: e.machine.arn, name: e.name, status: e.status,
      startDate: e.startDate.getTime() / 1000 })) }],
  SendTaskSuccess: (req) => {
    let output;
    try {
      output = JSON.parse(req.output);
    } catch {
      return [400, { __type: 'InvalidOutput', message: 'output is not JSON' }];
    }
    return close(req.taskToken, null, output) ? [200, {}] : [400, { __type: 'TaskTimedOut', message: 'Task Timed Out: Provided task does not exist anymore' }];
  },
  SendTaskFailure: (req) => close(req.taskToken, new TaskError(req.error ?? 'States.TaskFailed', req.cause ?? ''))
    ? [200, {}] : [400, { __type: 'TaskTimedOut', message: 'Task Timed Out: Provided task does not exist anymore' }],
  SendTaskHeartbeat: (req) => {
    const task = tasks.get(req.taskToken);
    if (!task) return [400, { __type: 'TaskTimedOut', message: 'Task Timed Out: Provided task does not exist anymore' }];
    task.arm();
    return [200, {}];
  },
  StopExecution: (req) => {
    const e = executions.get(req.executionArn);
    if (!e) return [400, { __type: 'ExecutionDoesNotExist', message: 'Execution Does Not Exist' }];
    if (e.status === 'RUNNING') {
      e.abort?.();
      // As in Step Functions: a task the stopped execution waited on is gone; its callbacks answer TaskTimedOut.
      for (const token of [...tasks.keys()]) {
        if (token.startsWith(`${e.name}:`)) {
          clearTimeout(tasks.get(token).timer);
          tasks.delete(token);
        }
      }
      if (req.error) e.error = req.error;
      if (req.cause) e.cause = req.cause;
    }
    return [200, { stopDate: Date.now() / 1000 }];
  },
  RedriveExecution: (req) => {
    const e = executions.get(req.executionArn);
    if (!e) return [400, { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${req.executionArn}'` }];
    if (req.clientToken && e.redriveTokens.includes(req.clientToken)) {
      return [200, { redriveDate: e.redriveDate.getTime() / 1000 }];
    }
    if (redriveStatus(e) !== 'REDRIVABLE') {
      return [400, { __type: 'ExecutionNotRedrivable', message: `Execution is ${e.status} and cannot be redriven` }];
    }
    const machine = machineFor(e.machine, e.current.name);
    e.redriveCount += 1;
    e.redriveDate = new Date();
    if (req.clientToken) e.redriveTokens = [...e.redriveTokens, req.clientToken].slice(-10);
    for (const key of ['error', 'cause', 'output', 'stopDate']) delete e[key];
    record(e, { type: 'ExecutionRedriven', at: e.redriveDate });
    launch(e, e.current.input, machine);
    return [200, { redriveDate: e.redriveDate.getTime() / 1000 }];
  },
};

// A second local-only knob (TandemLocal.SetCallbackDelay): SendTaskSuccess waits this long before it
// takes effect, and is dropped if the caller disconnects meanwhile, so a test can kill the agent in the
// middle of reporting a decision.
let callbackDelayMs = 0;
operations.SetCallbackDelay = (req) => {
  callbackDelayMs = Number(req.millis ?? 0);
  return [200, { millis: callbackDelayMs }];
};

// A third (TandemLocal.SetHeartbeats): a shorter HeartbeatSeconds for named waitForTaskToken states of executions
// started afterwards, e.g. {"Govern": 3} to see an agent outage outlast heartbeats in seconds, not minutes.
let heartbeats = {};
operations.SetHeartbeats = (req) => {
  heartbeats = req.heartbeats ?? {};
  return [200, { heartbeats }];
};

operations.SetStateTimeouts = (req) => {
  stateTimeouts = req.timeouts ?? {};
  return [200, { timeouts: stateTimeouts }];
};

const server = http.createServer((req, res) => {
  let data = '';
  req.on('data', (c) => { data += c; });
  req.on('end', () => {
    const target = req.headers['x-amz-target'] ?? '';
    const op = operations[target.replace('AWSStepFunctions.', '').replace('TandemLocal.', '')];
    let status;
    let body;
    const respond = () => {
      try {
        [status, body] = op ? op(data ? JSON.parse(data) : {}) : [400, { __type: 'UnknownOperationException', message: `unknown ${target}` }];
      } catch (e) {
        [status, body] = [500, { __type: 'InternalFailure', message: String(e) }];
      }
      res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(body));
    };
    if (callbackDelayMs > 0 && target === 'AWSStepFunctions.SendTaskSuccess') {
      let gone = false;
      res.on('close', () => { gone = !res.writableEnded; });
      setTimeout(() => { if (!gone) respond(); }, callbackDelayMs);
    } else {
      respond();
    }
  });
});
server.listen(PORT, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'sfn-local ready', port: PORT,
    stateMachines: [...machines.values()].map((m) => ({ arn: m.arn, states: Object.keys(m.definition.States).length })) }));
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
