/** Every entity of the User DB, registered with the one ORM instance of this database. */
import { Invitation } from './invitation/invitation.entity';
import { Organization } from './organization/organization.entity';
import { ProjectMember } from './project-member/project-member.entity';
import { RefreshToken } from './session/refresh-token.entity';
import { User } from './user/user.entity';

export const USER_DB_ENTITIES = [Organization, User, Invitation, ProjectMember, RefreshToken];
