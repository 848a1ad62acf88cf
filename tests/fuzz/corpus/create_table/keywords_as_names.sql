create table 'q' ("key" text default current_timestamp, action default (datetime('now')))
