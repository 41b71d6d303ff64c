// Route name -> screen component. Other areas plug their screens in here (one line each),
// e.g. WEB-2: `members: MembersPage` from ../members/.
import { BoardsPage } from "./BoardsPage.js";
import { BoardPage } from "../board/BoardPage.js";
import { MembersPage } from "../members/MembersPage.js";
import { AuditPage } from "../audit/AuditPage.js";

export const SCREENS = {
  boards: BoardsPage,
  members: MembersPage,
  audit: AuditPage,
  board: BoardPage,
  view: BoardPage,
};
