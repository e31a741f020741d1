variable "name_prefix" {
  description = "Prefix of every name this module creates."
  type        = string
}

variable "tags" {
  description = "Tags for every resource that takes tags."
  type        = map(string)
}

variable "runtime" {
  description = "emr: an EMR service role and an EC2 instance profile for the cluster; managed_flink: a service execution role for the application."
  type        = string

  validation {
    condition     = contains(["emr", "managed_flink"], var.runtime)
    error_message = "runtime must be emr or managed_flink."
  }
}

variable "event_source" {
  description = "kinesis: grant reading the input stream and writing the output streams; kafka: no Kinesis access."
  type        = string

  validation {
    condition     = contains(["kinesis", "kafka"], var.event_source)
    error_message = "event_source must be kinesis or kafka."
  }
}

variable "input_stream_arns" {
  description = "Kinesis streams the job reads."
  type        = list(string)
}

variable "output_stream_arns" {
  description = "Kinesis streams the job writes."
  type        = list(string)
}

variable "paths" {
  description = "The storage module's paths output: bucket, bucket ARN and prefix of archive, models, checkpoints, savepoints, jars and emr_logs."
  type = map(object({
    bucket     = string
    bucket_arn = string
    prefix     = string
    uri        = string
  }))
}

variable "job_jar_key" {
  description = "Key of the job jar in the artifacts bucket (Managed Flink reads it with the application's role)."
  type        = string
}

variable "vpc_subnet_ids" {
  description = "Managed Flink in a VPC (to reach Kafka): the subnets its network interfaces go into; empty: no VPC access."
  type        = list(string)
}

variable "vpc_security_group_ids" {
  description = "Managed Flink in a VPC: the security groups of its network interfaces."
  type        = list(string)
}
