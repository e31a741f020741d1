# IntentStream on AWS: the streams, the buckets, the job's roles and one of two runtimes (EMR or Managed
# Service for Apache Flink). docs/deployment.md walks through it. The job gets one option list on either
# runtime (local.job_options): as arguments of the EMR step, as runtime properties on Managed Flink.

locals {
  common_tags = merge(var.tags, {
    Project    = "intentstream"
    ManagedBy  = "terraform"
    NamePrefix = var.name_prefix
  })

  # Options that depend on where things are; option names are checked against the job's parser by
  # TerraformConfigurationTest (flink-job).
  deployment_job_options = {
    "model"               = "${module.storage.paths.models.uri}${var.model_version}/"
    "archive"             = module.storage.paths.archive.uri
    "checkpoint-interval" = "${var.checkpoint_interval_ms}ms"
  }

  job_options = merge(module.streams.job_options, local.deployment_job_options, var.extra_job_options)
}

module "streams" {
  source = "./modules/streams"

  name_prefix             = var.name_prefix
  tags                    = local.common_tags
  event_source            = var.event_source
  stream_mode             = var.stream_mode
  shard_counts            = var.shard_counts
  retention_hours         = var.stream_retention_hours
  kafka_bootstrap_servers = var.kafka_bootstrap_servers
  kafka_topics            = var.kafka_topics
}

module "storage" {
  source = "./modules/storage"

  name_prefix               = var.name_prefix
  tags                      = local.common_tags
  checkpoint_retention_days = var.checkpoint_retention_days
  noncurrent_version_days   = var.noncurrent_version_days
  job_jar_path              = "${path.module}/${var.job_jar_path}"
  cluster_lib_jar_paths     = [for jar in var.cluster_lib_jar_paths : "${path.module}/${jar}"]
}

module "iam" {
  source = "./modules/iam"

  name_prefix            = var.name_prefix
  tags                   = local.common_tags
  runtime                = var.runtime
  event_source           = var.event_source
  input_stream_arns      = module.streams.input_stream_arns
  output_stream_arns     = module.streams.output_stream_arns
  paths                  = module.storage.paths
  job_jar_key            = module.storage.job_jar_key
  vpc_subnet_ids         = var.vpc_subnet_ids
  vpc_security_group_ids = var.vpc_security_group_ids
}

module "emr" {
  source = "./modules/emr"
  count  = var.runtime == "emr" ? 1 : 0

  name_prefix           = var.name_prefix
  tags                  = local.common_tags
  release_label         = var.emr_release_label
  subnet_id             = var.emr_subnet_id
  primary_instance_type = var.emr_primary_instance_type
  core_instance_type    = var.emr_core_instance_type
  core_instance_count   = var.emr_core_instance_count
  service_role_arn      = module.iam.emr_service_role_arn
  instance_profile_arn  = module.iam.emr_instance_profile_arn
  log_uri               = module.storage.paths.emr_logs.uri
  flink_conf_yaml       = file("${path.module}/../flink-conf/cluster/config.yaml")
  flink_conf_overrides  = var.emr_flink_conf
  checkpoint_dir        = module.storage.paths.checkpoints.uri
  savepoint_dir         = module.storage.paths.savepoints.uri
  job_jar_uri           = "s3://${module.storage.paths.jars.bucket}/${module.storage.job_jar_key}"
  cluster_lib_jar_uris  = [for key in module.storage.cluster_lib_jar_keys : "s3://${module.storage.paths.jars.bucket}/${key}"]
  parallelism           = var.parallelism
  job_options           = local.job_options

  # The roles' policies must be in place before the cluster starts and runs its steps.
  depends_on = [module.iam]
}

module "managed_flink" {
  source = "./modules/managed_flink"
  count  = var.runtime == "managed_flink" ? 1 : 0

  name_prefix                = var.name_prefix
  tags                       = local.common_tags
  service_execution_role_arn = module.iam.managed_flink_role_arn
  jar_bucket_arn             = module.storage.paths.jars.bucket_arn
  jar_key                    = module.storage.job_jar_key
  jar_version                = module.storage.job_jar_version
  parallelism                = var.parallelism
  parallelism_per_kpu        = var.managed_flink_parallelism_per_kpu
  auto_scaling               = var.managed_flink_auto_scaling
  checkpoint_interval_ms     = var.checkpoint_interval_ms
  log_level                  = var.managed_flink_log_level
  log_retention_days         = var.managed_flink_log_retention_days
  start_application          = var.managed_flink_start
  vpc_subnet_ids             = var.vpc_subnet_ids
  vpc_security_group_ids     = var.vpc_security_group_ids
  job_options                = local.job_options

  # The role's policy must be in place before the application starts.
  depends_on = [module.iam]
}
