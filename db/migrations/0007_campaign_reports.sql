CREATE TABLE "campaign_reports" (
	"study" text NOT NULL,
	"campaign" text NOT NULL,
	"inputs" text NOT NULL,
	"report" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_reports_study_campaign_pk" PRIMARY KEY("study","campaign")
);
