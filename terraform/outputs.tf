output "buckets" {
  description = "Bucket names by kind: archive, models, state, artifacts."
  value       = module.storage.bucket_names
}

output "model_uri" {
  description = "Where the job reads its model bundle: upload the trainer's output here before the first apply."
  value       = local.job_options["model"]
}

output "job_options" {
  description = "The job's options as deployed (the same on EMR and Managed Flink)."
  value       = local.job_options
}

output "emr_cluster_id" {
  description = "emr: the cluster id."
  value       = try(module.emr[0].cluster_id, null)
}

output "emr_steps" {
  description = "emr: the setup and submit steps' arguments, for an upgrade from a savepoint with aws emr add-steps."
  value       = try(module.emr[0].steps, null)
}

output "savepoint_dir" {
  description = "emr: where flink stop writes savepoints."
  value       = module.storage.paths.savepoints.uri
}

output "managed_flink_application" {
  description = "managed_flink: the application's name."
  value       = try(module.managed_flink[0].application_name, null)
}

output "managed_flink_log_group" {
  description = "managed_flink: the application's CloudWatch log group."
  value       = try(module.managed_flink[0].log_group_name, null)
}
