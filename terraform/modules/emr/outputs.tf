output "cluster_id" {
  description = "The EMR cluster id (j-...)."
  value       = aws_emr_cluster.this.id
}

output "primary_public_dns" {
  description = "The primary node's DNS name (Flink's web UI through the YARN proxy)."
  value       = aws_emr_cluster.this.master_public_dns
}

output "steps" {
  description = "The setup and submit steps' arguments (command-runner.jar), for aws emr add-steps when upgrading from a savepoint."
  value = {
    setup  = local.setup_args
    submit = local.submit_args
  }
}
