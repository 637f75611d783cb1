CREATE TABLE "live_blog_follows" (
	"subscription_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_blog_follows_subscription_id_article_id_pk" PRIMARY KEY("subscription_id","article_id")
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "live_entry_id" uuid;--> statement-breakpoint
ALTER TABLE "live_blog_follows" ADD CONSTRAINT "live_blog_follows_subscription_id_push_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."push_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_blog_follows" ADD CONSTRAINT "live_blog_follows_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_blog_follows_article_idx" ON "live_blog_follows" USING btree ("article_id");--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_live_entry_id_unique" UNIQUE("live_entry_id");