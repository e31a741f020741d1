variable "name_prefix" {
  description = "Prefix of every name this module creates."
  type        = string
}

variable "tags" {
  description = "Tags for every resource that takes tags."
  type        = map(string)
}

variable "event_source" {
  description = "kinesis: create the four Kinesis data streams; kafka: read from an existing Kafka cluster (e.g. MSK) and create no streams."
  type        = string

  validation {
    condition     = contains(["kinesis", "kafka"], var.event_source)
    error_message = "event_source must be kinesis or kafka."
  }
}

variable "stream_mode" {
  description = "Kinesis capacity mode: ON_DEMAND (pay per GB, no shards to size) or PROVISIONED (pay per shard-hour)."
  type        = string

  validation {
    condition     = contains(["ON_DEMAND", "PROVISIONED"], var.stream_mode)
    error_message = "stream_mode must be ON_DEMAND or PROVISIONED."
  }
}

variable "shard_counts" {
  description = "PROVISIONED mode: shards per stream (keys events, scores, outcomes, dead_letters)."
  type        = map(number)

  validation {
    condition     = alltrue([for name in ["events", "scores", "outcomes", "dead_letters"] : try(var.shard_counts[name] >= 1, false)])
    error_message = "shard_counts needs events, scores, outcomes and dead_letters, each at least 1."
  }
}

variable "retention_hours" {
  description = "How long Kinesis keeps records (24 to 8760 hours); also how far back a restart from an old savepoint can re-read."
  type        = number

  validation {
    condition     = var.retention_hours >= 24 && var.retention_hours <= 8760
    error_message = "retention_hours must be between 24 and 8760."
  }
}

variable "kafka_bootstrap_servers" {
  description = "kafka: the cluster's TLS bootstrap servers (MSK: bootstrap_brokers_tls)."
  type        = string
}

variable "kafka_topics" {
  description = "kafka: comma-separated event topics."
  type        = string
}
