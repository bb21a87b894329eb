ALTER TABLE "response_weights" DROP CONSTRAINT "response_weights_run_id_weighting_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "response_weights" DROP CONSTRAINT "response_weights_response_id_responses_id_fk";
