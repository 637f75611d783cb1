/** An article's status as the newsroom shows it: "In review", "Draft", "Published"... */
export const statusLabel = (status: string) => (status === 'in_review' ? 'In review' : status[0]!.toUpperCase() + status.slice(1));
