-- Adding someone to a review makes an invitation, which they accept or decline on their reviews
-- page: nobody becomes a member without consent, and the person inviting is told the same whether
-- or not the address has an account (issue 12). Invitations are kept by e-mail, so an account made
-- for that address later finds it too; accepting or declining deletes it.
CREATE TABLE review_invitation (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
  email TEXT NOT NULL COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'reviewer')),
  invited_by INTEGER NOT NULL REFERENCES account(id),
  invited_at TEXT NOT NULL,
  UNIQUE (review_id, email)
);
CREATE INDEX review_invitation_email ON review_invitation(email);
