#!/usr/bin/env node
// kinesalite with one adapter: requests that name their stream only by StreamARN get the StreamName
// that the ARN ends with.
//
// Why: kinesalite 3.3.3, its latest release, predates the StreamARN request parameter of the Kinesis API.
// Its validators drop unknown parameters and then refuse GetShardIterator and ListShards without a
// StreamName. Flink's KinesisStreamsSource (connector 4.3.0) sends StreamARN only and has no setting to
// send a name instead, so without this adapter it cannot read from kinesalite at all (docs/kinesis.md).
// Everything else is kinesalite as published; JSON bodies only (tests run the AWS SDK with CBOR off).
//
// Usage: node kinesalite-arn.js [--port <port, 0 = any free port>] [kinesalite options]
// Prints "Listening at http://127.0.0.1:<port>" once it accepts connections.
'use strict'

const { PassThrough } = require('stream')
const argv = require('minimist')(process.argv.slice(2))
const kinesalite = require('kinesalite')

const AMZ_JSON = 'application/x-amz-json-1.1'
const STREAM_ARN = /^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\/([a-zA-Z0-9_.-]{1,128})$/

function withStreamName(body) {
  let data
  try {
    data = JSON.parse(body.toString('utf8'))
  } catch (e) {
    return body // kinesalite answers malformed bodies itself
  }
  if (data && typeof data === 'object' && data.StreamARN && !data.StreamName && !data.NextToken) {
    const match = STREAM_ARN.exec(data.StreamARN)
    if (match) {
      data.StreamName = match[1]
      return Buffer.from(JSON.stringify(data), 'utf8')
    }
  }
  return body
}

const server = kinesalite(argv)
const kinesaliteHandler = server.listeners('request')[0]
server.removeAllListeners('request')
server.on('request', (req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    let body = Buffer.concat(chunks)
    const contentType = (req.headers['content-type'] || '').split(';')[0].trim()
    if (contentType === AMZ_JSON && body.length > 0) {
      body = withStreamName(body)
    }
    // kinesalite reads the body from the request's events, so hand it a replay of the (rewritten) body.
    const replay = new PassThrough()
    replay.headers = req.headers
    replay.method = req.method
    replay.url = req.url
    kinesaliteHandler(replay, res)
    replay.end(body)
  })
})

server.listen(argv.port === undefined ? 4567 : argv.port, '127.0.0.1', () => {
  console.log('Listening at http://127.0.0.1:%s', server.address().port)
})

// The test JVM stops this process with SIGTERM; also stop when the parent closes our stdin.
process.on('SIGTERM', () => process.exit(0))
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
