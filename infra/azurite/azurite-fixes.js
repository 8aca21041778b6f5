// Preloaded into each Azurite service (node --require) by azurite.sh and the tests' Azurite: fixes
// for what makes the emulator, not the app, the bottleneck under Durable Task's load. Each gives
// the same answers as before, only sooner. Measured with ./gtm bench pipeline (1,000 ventures).
"use strict";
const Loki = require("lokijs");

// 1. Removing nothing does nothing. The queue service clears expired messages before every
// operation by removing the list it found, nearly always empty; LokiJS flags every binary index
// dirty on any batch remove, so the next query re-sorts each index over every message of every
// queue, and each request costs tens of milliseconds once thousands of work items are queued.
const removeBatch = Loki.Collection.prototype.removeBatch;
Loki.Collection.prototype.removeBatch = function removeNonEmptyBatch(batch) {
  if (batch.length > 0) {
    removeBatch.call(this, batch);
  }
};

// 2. A table's point lookups search the partition first. The table service looks an entity up as
// { RowKey, PartitionKey }, and LokiJS narrows by the first key's index: Durable Task's Instances
// rows all have the same RowKey, and its History rows share theirs across instances, so each
// lookup scanned the table. And of two conditions is the same either way round.
const findOne = Loki.Collection.prototype.findOne;
Loki.Collection.prototype.findOne = function findOnePartitionFirst(query) {
  if (query && typeof query === "object" && "RowKey" in query && "PartitionKey" in query && Object.keys(query).length === 2) {
    return findOne.call(this, { PartitionKey: query.PartitionKey, RowKey: query.RowKey });
  }
  return findOne.call(this, query);
};

// 3. A table query whose filter pins one partition reads that partition, not the table. The table
// service evaluates every query's filter over every entity of the table; Durable Task reads an
// orchestration's history with PartitionKey eq '<instance>', so each read scanned the history of
// all instances. Only a filter with no 'or' and no 'not' anywhere (a pure conjunction) that
// compares PartitionKey for equality exactly once is narrowed; the whole filter still applies.
const tableStorePath = "azurite/dist/src/table/persistence/LokiTableMetadataStore";
let TableStore;
try {
  TableStore = require(tableStorePath).default;
} catch {
  TableStore = undefined; // not installed alongside: nothing to fix
}

if (TableStore) {
  const query = TableStore.prototype.queryTableEntities;
  TableStore.prototype.queryTableEntities = function queryPinnedPartition(context, account, table, queryOptions, ...rest) {
    const partition = pinnedPartition(queryOptions && queryOptions.filter);
    if (partition === undefined) {
      return query.call(this, context, account, table, queryOptions, ...rest);
    }

    // The store reads the collection synchronously before its first await: the override lives
    // for that call only.
    const entities = this.getEntityCollection(account, table, context);
    this.getEntityCollection = () => ({ chain: () => entities.chain().find({ PartitionKey: partition }) });
    try {
      return query.call(this, context, account, table, queryOptions, ...rest);
    } finally {
      delete this.getEntityCollection;
    }
  };
}

function pinnedPartition(filter) {
  if (typeof filter !== "string" || /\b(or|not)\b/i.test(filter)) {
    return undefined;
  }
  const pins = [...filter.matchAll(/\bPartitionKey\s+eq\s+'((?:[^']|'')*)'/g)];
  return pins.length === 1 ? pins[0][1].replace(/''/g, "'") : undefined;
}
