// Tandem's local DynamoDB engine: dynalite (Apache-2.0, an implementation of the DynamoDB API on LevelDB)
// with the operations it lacks and Tandem relies on, added here as a maintained extension:
//   - TransactWriteItems: Put, Update, Delete and ConditionCheck items, all-or-nothing, with
//     TransactionCanceledException and CancellationReasons (and the old item with
//     ReturnValuesOnConditionCheckFailure=ALL_OLD);
//   - TransactGetItems;
//   - ReturnValuesOnConditionCheckFailure=ALL_OLD on PutItem, UpdateItem and DeleteItem;
//   - UpdateTimeToLive (recorded and described; items are not expired).
// Everything else is dynalite's own behaviour. Deviations from DynamoDB that Tandem does not rely on are
// listed by the conformance suite (DynamoDbConformanceIT).
//
// Environment: DYNAMODB_PORT (0 = any free port), DYNAMODB_PATH (LevelDB directory; in memory when unset).
// Prints "listening <port>" when ready; exits when its standard input closes (the parent JVM is gone).
'use strict'
const http = require('node:http')
const { AsyncLocalStorage } = require('node:async_hooks')
const crypto = require('node:crypto')
const dbModule = require('dynalite/db')
const validations = require('dynalite/validations')

// dynalite builds its store inside dynalite(); keep a handle on it to run transactions against.
let store
const createStore = dbModule.create
dbModule.create = (options) => (store = createStore(options))
const dynalite = require('dynalite')

const MAX_TRANSACTION_ITEMS = 100
const transaction = new AsyncLocalStorage()

// --- item locks shared by dynalite's actions and the transactions ---------------------------------
// dynalite serializes writes to one item with a per-table lock; a transaction must hold the locks of all
// its items at once and then let its own writes (dynalite's actions, run inside it) pass.
const holders = new Map() // lock key -> { owner, queue }
function acquire (key, owner, fn) {
  const h = holders.get(key)
  if (!h) {
    holders.set(key, { owner, queue: [] })
    return fn()
  }
  if (owner !== undefined && h.owner === owner) return fn()
  h.queue.push({ owner, fn })
}
function release (key) {
  const h = holders.get(key)
  const next = h.queue.shift()
  if (!next) return holders.delete(key)
  h.owner = next.owner
  setImmediate(next.fn)
}
function lockFor (tableName) {
  return function lock (key, fn) {
    const lockKey = tableName + '\u0000' + key
    const owner = transaction.getStore()
    const held = owner !== undefined && holders.get(lockKey)?.owner === owner
    acquire(lockKey, owner === undefined ? Symbol('single') : owner, () => fn((cb) => function () {
      if (!held) release(lockKey)
      cb.apply(this, arguments)
    }))
  }
}
function acquireAll (keys, owner) {
  return keys.reduce((p, key) => p.then(() => new Promise((resolve) => acquire(key, owner, resolve))), Promise.resolve())
}

function patchStore () {
  const getItemDb = store.getItemDb
  store.getItemDb = (name) => {
    const itemDb = getItemDb(name)
    if (!itemDb.transactionAware) {
      itemDb.lock = lockFor(name)
      itemDb.transactionAware = true
    }
    return itemDb
  }
}

// --- helpers -----------------------------------------------------------------------------------------
const actions = {
  putItem: require('dynalite/actions/putItem'),
  updateItem: require('dynalite/actions/updateItem'),
  deleteItem: require('dynalite/actions/deleteItem'),
  getItem: require('dynalite/actions/getItem'),
}
const actionValidations = {
  putItem: require('dynalite/validations/putItem'),
  updateItem: require('dynalite/validations/updateItem'),
  deleteItem: require('dynalite/validations/deleteItem'),
  getItem: require('dynalite/validations/getItem'),
}
const call = (fn, ...args) => new Promise((resolve, reject) => fn(...args, (err, out) => (err ? reject(err) : resolve(out))))

function validationError (message) {
  const err = new Error(message)
  err.statusCode = 400
  err.body = { __type: 'com.amazon.coral.validate#ValidationException', message }
  return err
}

// Validates one element of a transaction with dynalite's own rules for the matching single-item action.
function validated (action, data) {
  const v = actionValidations[action]
  const checked = validations.checkTypes(data, v.types)
  validations.checkValidations(checked, v.types, v.custom, store)
  return checked
}

async function itemKey (tableName, keyOrItem) {
  const table = await call(store.getTable, tableName)
  return { table, key: dbModule.createKey(keyOrItem, table) }
}

const transactionsByToken = new Map() // ClientRequestToken -> request hash, for 10 minutes

// --- TransactWriteItems --------------------------------------------------------------------------------
async function transactWriteItems (data) {
  const items = data.TransactItems
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_TRANSACTION_ITEMS) {
    throw validationError('1 validation error detected: Value at \'transactItems\' failed to satisfy constraint: ' +
      'Member must have length less than or equal to 100 and greater than or equal to 1')
  }
  const requestHash = crypto.createHash('sha256').update(JSON.stringify(items)).digest('hex')
  if (data.ClientRequestToken) {
    const seen = transactionsByToken.get(data.ClientRequestToken)
    if (seen && seen.hash !== requestHash) {
      const err = new Error('idempotent parameter mismatch')
      err.statusCode = 400
      err.body = { __type: 'com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException', message: 'Request token reused with different parameters' }
      throw err
    }
  }
  const ops = []
  for (const item of items) {
    const kinds = Object.keys(item).filter((k) => ['Put', 'Update', 'Delete', 'ConditionCheck'].includes(k))
    if (kinds.length !== 1) throw validationError('TransactItems can only contain one of Check, Put, Update or Delete')
    const kind = kinds[0]
    const raw = { ...item[kind] }
    const onFailure = raw.ReturnValuesOnConditionCheckFailure
    delete raw.ReturnValuesOnConditionCheckFailure
    let action = { Put: 'putItem', Update: 'updateItem', Delete: 'deleteItem', ConditionCheck: 'deleteItem' }[kind]
    if (kind === 'ConditionCheck' && !raw.ConditionExpression) throw validationError('The ConditionCheck must have a ConditionExpression')
    const request = validated(action, raw)
    const { table, key } = await itemKey(request.TableName, kind === 'Put' ? request.Item : request.Key)
    ops.push({ kind, action, request, table, key, onFailure, lockKey: request.TableName + '\u0000' + key })
  }
  const lockKeys = ops.map((o) => o.lockKey)
  if (new Set(lockKeys).size !== lockKeys.length) {
    throw validationError('Transaction request cannot include multiple operations on one item')
  }
  const owner = Symbol('transaction')
  const sorted = [...lockKeys].sort()
  await acquireAll(sorted, owner)
  try {
    // Every condition is checked while every item is locked; only then is anything written.
    const before = []
    const reasons = []
    for (const op of ops) {
      const old = await new Promise((resolve, reject) => store.getItemDb(op.request.TableName).get(op.key, (err, v) => {
        if (err && err.name !== 'NotFoundError') return reject(err)
        resolve(v)
      }))
      before.push(old)
      const failed = dbModule.checkConditional(op.request, old)
      if (failed) {
        const reason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }
        if (op.onFailure === 'ALL_OLD' && old) reason.Item = old
        reasons.push(reason)
      }
      else reasons.push({ Code: 'None' })
    }
    if (reasons.some((r) => r.Code !== 'None')) {
      const err = new Error('cancelled')
      err.statusCode = 400
      err.body = {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [' + reasons.map((r) => r.Code).join(', ') + ']',
        CancellationReasons: reasons,
      }
      throw err
    }
    const applied = []
    try {
      for (const op of ops) {
        if (op.kind === 'ConditionCheck') continue
        await transaction.run(owner, () => call(actions[op.action], store, op.request))
        applied.push(op)
      }
    }
    catch (err) {
      // A write failed after the conditions held (e.g. an update expression on a wrong type): put back
      // what the transaction had written, so that nothing of it remains.
      for (const op of applied.reverse()) {
        const old = before[ops.indexOf(op)]
        const current = await call((cb) => store.getItemDb(op.request.TableName).get(op.key, (e, v) => cb(null, v)))
        await call(dbModule.updateIndexes, store, op.table, current, old)
        const itemDb = store.getItemDb(op.request.TableName)
        await (old ? call(itemDb.put, op.key, old) : call(itemDb.del, op.key))
      }
      throw err
    }
    if (data.ClientRequestToken) {
      transactionsByToken.set(data.ClientRequestToken, { hash: requestHash })
      setTimeout(() => transactionsByToken.delete(data.ClientRequestToken), 10 * 60 * 1000).unref()
    }
    return {}
  }
  finally {
    sorted.forEach(release)
  }
}

// --- TransactGetItems ----------------------------------------------------------------------------------
async function transactGetItems (data) {
  const items = data.TransactItems
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_TRANSACTION_ITEMS) {
    throw validationError('1 validation error detected: Value at \'transactItems\' failed to satisfy constraint: ' +
      'Member must have length less than or equal to 100 and greater than or equal to 1')
  }
  const gets = []
  for (const item of items) {
    if (!item.Get) throw validationError('TransactItems must contain Get')
    const request = validated('getItem', { ...item.Get, ConsistentRead: true })
    const { key } = await itemKey(request.TableName, request.Key)
    gets.push({ request, lockKey: request.TableName + '\u0000' + key })
  }
  const owner = Symbol('transaction')
  const sorted = [...new Set(gets.map((g) => g.lockKey))].sort()
  await acquireAll(sorted, owner)
  try {
    const responses = []
    for (const g of gets) {
      const out = await call(actions.getItem, store, g.request)
      responses.push(out.Item ? { Item: out.Item } : {})
    }
    return { Responses: responses }
  }
  finally {
    sorted.forEach(release)
  }
}

// --- UpdateTimeToLive / DescribeTimeToLive ------------------------------------------------------------
const timeToLive = new Map()
async function updateTimeToLive (data) {
  await call(store.getTable, data.TableName)
  const spec = data.TimeToLiveSpecification || {}
  timeToLive.set(data.TableName, spec)
  return { TimeToLiveSpecification: spec }
}
async function describeTimeToLive (data) {
  await call(store.getTable, data.TableName)
  const spec = timeToLive.get(data.TableName)
  return { TimeToLiveDescription: spec && spec.Enabled
    ? { TimeToLiveStatus: 'ENABLED', AttributeName: spec.AttributeName }
    : { TimeToLiveStatus: 'DISABLED' } }
}

// --- ReturnValuesOnConditionCheckFailure on single-item writes -----------------------------------------
async function withOldItemOnConditionFailure (forward, data, kind) {
  const response = await forward()
  if (response.status !== 400 || data.ReturnValuesOnConditionCheckFailure !== 'ALL_OLD') return response
  const body = JSON.parse(response.body)
  if (!String(body.__type).endsWith('ConditionalCheckFailedException')) return response
  const { key } = await itemKey(data.TableName, kind === 'PutItem' ? data.Item : data.Key)
  const old = await new Promise((resolve) => store.getItemDb(data.TableName).get(key, (err, v) => resolve(err ? undefined : v)))
  if (old) body.Item = old
  return { ...response, body: JSON.stringify(body) }
}

// --- the server ------------------------------------------------------------------------------------
const own = { TransactWriteItems: transactWriteItems, TransactGetItems: transactGetItems,
  UpdateTimeToLive: updateTimeToLive, DescribeTimeToLive: describeTimeToLive }

const engine = dynalite({ path: process.env.DYNAMODB_PATH || undefined, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
patchStore()
const dynaliteHandler = engine.listeners('request')[0]

function send (res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': crypto.randomUUID() })
  res.end(body)
}

// Runs dynalite's handler on a buffered request and captures its response.
function forwardTo (req, body) {
  return new Promise((resolve) => {
    const { PassThrough } = require('node:stream')
    const fakeReq = new PassThrough()
    Object.assign(fakeReq, { headers: req.headers, method: req.method, url: req.url })
    const chunks = []
    const headers = {}
    const fakeRes = {
      statusCode: 200,
      setHeader: (k, v) => { headers[k.toLowerCase()] = v },
      getHeader: (k) => headers[k.toLowerCase()],
      removeHeader: (k) => { delete headers[k.toLowerCase()] },
      end: (data) => { if (data) chunks.push(Buffer.from(data)); resolve({ status: fakeRes.statusCode, headers, body: Buffer.concat(chunks).toString() }) },
      write: (data) => chunks.push(Buffer.from(data)),
    }
    dynaliteHandler(fakeReq, fakeRes)
    fakeReq.end(body)
  })
}

const server = http.createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', async () => {
    const body = Buffer.concat(chunks)
    const operation = String(req.headers['x-amz-target'] || '').split('.')[1]
    try {
      if (own[operation]) {
        const out = await own[operation](JSON.parse(body.toString() || '{}'))
        return send(res, 200, JSON.stringify(out))
      }
      let data
      try { data = JSON.parse(body.toString() || '{}') } catch { data = {} }
      const forward = () => forwardTo(req, body)
      const response = ['PutItem', 'UpdateItem', 'DeleteItem'].includes(operation)
        ? await withOldItemOnConditionFailure(forward, data, operation)
        : await forward()
      Object.entries(response.headers).forEach(([k, v]) => k !== 'content-length' && k !== 'x-amz-crc32' && res.setHeader(k, v))
      res.writeHead(response.status, { 'Content-Length': Buffer.byteLength(response.body) })
      res.end(response.body)
    }
    catch (err) {
      if (err.statusCode) return send(res, err.statusCode, JSON.stringify(err.body))
      console.error(err)
      send(res, 500, JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(err.message) }))
    }
  })
})

server.listen(Number(process.env.DYNAMODB_PORT || 0), '127.0.0.1', () => {
  process.stdout.write('listening ' + server.address().port + '\n')
})
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
process.on('SIGTERM', () => engine.close(() => process.exit(0)))
